import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { transformWithOxc, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Writes dist/sw.js (src/sw/sw.ts, compiled) with the list of every file the build wrote — app chunks, the
 *  worker chunk, the TF.js wasm files, and public/ (datasets, favicon) — and a version hashed from their
 *  names and sizes (chunk names carry content hashes; the data files do not, so their sizes count). */
function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'ar-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/')
        ? config.build.outDir
        : join(config.root, config.build.outDir);
    },
    async writeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
          d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
        );
      const files = walk(outDir)
        .map((f) => ({ path: relative(outDir, f).split(sep).join('/'), size: statSync(f).size }))
        .filter((f) => f.path !== 'sw.js' && !f.path.endsWith('.map'))
        .sort((a, b) => a.path.localeCompare(b.path));
      const version = createHash('sha256')
        .update(files.map((f) => `${f.path}:${f.size}`).join('\n'))
        .digest('hex')
        .slice(0, 12);
      const source = readFileSync(join(import.meta.dirname, 'src/sw/sw.ts'), 'utf8');
      const { code } = await transformWithOxc(source, 'sw.ts', { lang: 'ts' });
      const manifest = JSON.stringify({ version, files: files.map((f) => f.path) });
      // A classic script (module service workers are not everywhere yet): no module syntax may remain.
      const script = code.replace(/^export\s*\{\s*\};?\s*$/m, '');
      writeFileSync(join(outDir, 'sw.js'), `const __PRECACHE__ = ${manifest};\n${script}`);
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 60_000,
    // One worker per core keeps the wasm engines from fighting over the 2 CI cores.
    maxWorkers: 2,
  },
});
