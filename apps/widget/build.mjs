// Bundles the <provider-search> element and its dependencies into the one ES module the API serves.
import { copyFile, mkdir } from 'node:fs/promises';
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
