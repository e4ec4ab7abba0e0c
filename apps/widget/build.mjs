// Bundles the <provider-search> element and its dependencies into the one ES module the API serves.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../../dist/widget');

await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'src/provider-search.ts')],
  outfile: path.join(out, 'provider-search.js'),
  tsconfig: path.join(here, 'tsconfig.json'),
  bundle: true,
  format: 'esm',
  target: 'es2021',
  minify: true,
  legalComments: 'none',
  // Lit's production build: no dev-mode warnings, smaller.
  conditions: ['production'],
  logLevel: 'warning',
});
await copyFile(path.join(here, 'page/page.css'), path.join(out, 'page.css'));

// The manifest of the widget's queries (sha256 hash -> query): the API serves them by hash from the
// first request on, and they are what PERSISTED_QUERIES_ONLY lets through besides the operator's list.
const queries = await build({ entryPoints: [path.join(here, 'src/api.ts')], bundle: true, format: 'esm', write: false, logLevel: 'warning' });
const { WIDGET_QUERIES } = await import(`data:text/javascript;base64,${Buffer.from(queries.outputFiles[0].text).toString('base64')}`);
const manifest = Object.fromEntries(WIDGET_QUERIES.map((query) => [createHash('sha256').update(query).digest('hex'), query]));
await writeFile(path.join(out, 'persisted-queries.json'), `${JSON.stringify(manifest, null, 2)}\n`);
