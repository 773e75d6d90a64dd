// Shared e2e helper: Debian's Chromium through playwright-core, with a fresh profile per launch, console and
// page errors collected, and screenshots saved to tests/e2e/artifacts/ (gitignored).

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

export function baseUrl() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the e2e tests through tests/e2e/run.mjs');
  return url;
}

/**
 * Open the app. `query` and `hash` (the shareable state) are appended to the URL; `context` options go to
 * the browser context (viewport, hasTouch, isMobile…). Returns { page, errors, screenshot, close }.
 */
export async function openApp({ query = '', hash = '', context = {}, softwareOnly = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'ar-e2e-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    // softwareOnly: no GPU emulation at all (what Chrome does on a machine without a GPU); no WebGL then.
    args: softwareOnly
      ? [...ARGS.filter((a) => !/swiftshader|gpu-blocklist/.test(a)), '--disable-gpu']
      : ARGS,
    viewport: { width: 1280, height: 800 },
    ...context,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  /** Console errors and uncaught page errors; tests assert this stays empty. */
  const errors = [];
  /** Every console message, for debugging a failure. */
  const log = [];
  page.on('console', (msg) => {
    log.push(`${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('crash', () => errors.push('page crashed'));
  const fragment = hash ? `#${hash.replace(/^#/, '')}` : '';
  await page.goto(`${baseUrl()}/${query ? `?${query.replace(/^\?/, '')}` : ''}${fragment}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    errors,
    log,
    screenshot: (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }),
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Current step counter value. */
export async function stepCount(page) {
  return Number(await page.getByTestId('step-counter').getAttribute('data-value'));
}

/** Relative error of every hidden layer, from the panel's data-value attributes (NaN when empty). */
export async function relErrors(page) {
  return page.$$eval('[data-testid^="relerr-layer-"]', (els) =>
    els.map((e) => (e.dataset.value === '' ? NaN : Number(e.dataset.value))),
  );
}

/** Wait until fn() (run in Node, may be async) returns truthy; polls every `every` ms. */
export async function until(fn, { timeout = 30_000, every = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`Timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Wait until the worker is configured and the app is idle at step 0. */
export async function waitReady(page) {
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await until(async () => page.getByRole('button', { name: 'Play', exact: true }).isEnabled(), {
    message: 'Play to be enabled',
    timeout: 60_000,
  });
}

/** Open the app, run fn(app), and always close the browser (a leaked one would keep the test file alive). */
export async function withApp(options, fn) {
  const app = await openApp(options);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
