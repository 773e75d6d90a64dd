// e2e runner: serve the built app (dist/, built by `npm run test:e2e`) with vite preview on a free port,
// run every tests/e2e/*.test.mjs with Node's test runner (standard summary), stop the server, and exit
// non-zero on any failure.

import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error('dist/ is missing: run `npm run test:e2e` (it builds first) or `npx vite build`.');
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const server = await preview({
  root,
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port, strictPort: true, open: false },
});
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;

const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join(here, f));

let failed = 0;
// One file at a time: each drives its own Chromium, and the CI machine has two cores.
// Per file: the training lab trains a full MNIST epoch of six conditions.
const stream = run({ files, concurrency: 1, timeout: 600_000 });
stream.on('test:fail', (ev) => {
  if (ev.details?.type !== 'suite') failed++;
});
stream.compose(spec).pipe(process.stdout);
await new Promise((resolve) => stream.on('close', resolve));

await new Promise((resolve) => server.httpServer.close(resolve));
process.exitCode = failed > 0 ? 1 : 0;
