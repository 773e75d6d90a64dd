// Gzipped sizes of the built JavaScript: the page chunks (must stay small) and the worker chunk (holds TF.js).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function bundleSizes(distDir = 'dist') {
  const assets = join(distDir, 'assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const kb = (n: number) => +(n / 1024).toFixed(1);
  const rows = files.map((f) => {
    const buf = readFileSync(join(assets, f));
    return { file: f, kind: /worker/i.test(f) ? 'worker' : 'page', rawKB: kb(buf.length), gzipKB: kb(gzipSync(buf, { level: 9 }).length) };
  });
  const total = (kind: string) => kb(rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.gzipKB * 1024, 0));
  return { pageGzipKB: total('page'), workerGzipKB: total('worker'), files: rows };
}
