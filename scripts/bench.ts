// `npm run bench`: speed figures as JSON on stdout (progress on stderr). Builds first (see package.json),
// serves dist/ with vite preview, and drives Debian's Chromium. Nothing here asserts a time.
// `npm run bench -- lab` (or node, page, browser) runs only the sections named.
import { createServer } from 'node:net';
import { preview } from 'vite';
import { benchBrowser } from './bench/browser.mjs';
import { bundleSizes } from './bench/bundle';
import { benchLab } from './bench/lab.mjs';
import { benchNodeCnn, benchNodeEngine } from './bench/node-engine';
import { benchPage } from './bench/page.mjs';

const log = (m: string) => process.stderr.write(`${m}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const SECTIONS = ['node', 'page', 'browser', 'lab'] as const;

async function main() {
  const started = Date.now();
  const asked = process.argv.slice(2);
  const bad = asked.find((a) => !(SECTIONS as readonly string[]).includes(a));
  if (bad) throw new Error(`unknown section "${bad}"; choose from ${SECTIONS.join(', ')}`);
  const want = (s: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(s);
  log('bundle sizes…');
  // BENCH_DIST lets a bench run use its own build while another build owns dist/.
  const outDir = process.env.BENCH_DIST ?? 'dist';
  const bundle = bundleSizes(outDir);
  const result: Record<string, unknown> = {
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    bundle: { pageGzipKB: bundle.pageGzipKB, workerGzipKB: bundle.workerGzipKB, files: bundle.files },
  };
  if (want('node')) {
    log('engine in Node (paper MLP 784-300-300-100-10, batch 64; follow-up CNN)…');
    result.node = { paperMlp: await benchNodeEngine(['wasm', 'cpu']), cnn: await benchNodeCnn(['wasm', 'cpu']) };
  }
  const port = await freePort();
  const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
  try {
    if (want('page')) {
      log('page frame rate, software raster (--disable-gpu, worker on wasm): the headline page figure…');
      const software = await benchPage('software');
      log('page frame rate, SwiftShader GL compositing (the e2e flags; secondary)…');
      const swiftshader = await benchPage('swiftshader');
      result.page = { software, swiftshader };
    }
    if (want('browser')) {
      log('app in Chromium, worker forced onto webgl (SwiftShader), wasm, cpu…');
      const backends = process.env.BENCH_BROWSER_BACKENDS?.split(',');
      result.browser = await benchBrowser(backends ? { backends } : {});
    }
    if (want('lab')) {
      log('training lab: seconds per epoch of the paper preset (and the CNN on wasm), per backend…');
      // A failure here is reported in the JSON; the figures measured before it are kept.
      // BENCH_LAB_BACKENDS=wasm,cpu (and BENCH_BROWSER_BACKENDS above) limit a section to those backends.
      const backends = process.env.BENCH_LAB_BACKENDS?.split(',');
      result.lab = await benchLab(backends ? { backends } : {}).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
    }
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  log(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
