import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './support/service-process';

// The e2e project builds first, so this reads what `npm run build` ships.
const bundle = readFileSync(path.join(REPO_ROOT, 'dist/widget/provider-search.js'));

describe('the <provider-search> bundle npm run build writes', () => {
  it('is at most 30 KB gzipped', () => {
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(30 * 1024);
  });

  it('is one self-contained ES module: no imports, no other host named', () => {
    const text = bundle.toString('utf8');
    expect(text).not.toMatch(/\bimport\s*[\s{*"'(]/);
    expect(text).not.toMatch(/https?:\/\//);
    expect(text).toContain('customElements.define("provider-search"');
  });
});
