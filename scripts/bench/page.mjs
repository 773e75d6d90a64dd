// Page smoothness while the worker streams the default network (4-8-8-8-3), all panels open at 1280×800:
// frame rate (requestAnimationFrame callbacks per second) and the longest main-thread task, idle, at the
// default 30 steps/s and at max speed. Chromium here has no GPU, so the mode matters:
//  - 'software' (--disable-gpu): software raster and compositing; WebGL is unavailable, so the worker runs
//    on wasm. This is the headline page figure (what a GPU-less laptop shows).
//  - 'swiftshader' (the e2e flags): compositing through SwiftShader GL, so the worker can use WebGL; every
//    composited frame is rasterised by an emulated GPU, which costs far more than the page's own work.
// Measured, never asserted.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { until, waitReady } from '../../tests/e2e/browser.mjs';

const COMMON = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
export const PAGE_MODES = {
  software: [...COMMON, '--disable-gpu'],
  swiftshader: [
    ...COMMON,
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
  ],
};

/** Long tasks (> 50 ms), recorded from page load on. */
function recordLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Frames for `ms`: rate, longest gap between frames, and the longest task inside the window. */
function sampleFrames(ms) {
  return new Promise((resolve) => {
    const gaps = [];
    let last = 0;
    let start = 0;
    const tick = (t) => {
      if (start === 0) start = last = t;
      else {
        gaps.push(t - last);
        last = t;
      }
      if (t - start < ms) requestAnimationFrame(tick);
      else {
        const longest = Math.max(
          0,
          ...window.__longTasks.filter((x) => x.start >= start && x.start <= t).map((x) => x.duration),
        );
        gaps.sort((a, b) => a - b);
        resolve({
          fps: +(gaps.length / ((t - start) / 1000)).toFixed(1),
          longestTaskMs: Math.round(longest),
          p95FrameMs: +(gaps[Math.floor(0.95 * (gaps.length - 1))] ?? 0).toFixed(1),
          maxFrameMs: +(gaps.at(-1) ?? 0).toFixed(1),
        });
      }
    };
    requestAnimationFrame(tick);
  });
}

export async function launch(mode, query) {
  const profile = mkdtempSync(join(tmpdir(), 'ar-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: PAGE_MODES[mode],
    viewport: { width: 1280, height: 800 },
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(recordLongTasks);
  await page.goto(`${process.env.E2E_BASE_URL}/?${query}`);
  await waitReady(page);
  return {
    page,
    errors,
    close: async () => {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const step = (page) => page.evaluate(() => window.__AR_STORE__.getState().run.step);

/** Sample frames while running at `speed` (null: idle), after a warm-up. */
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function framesAt(page, cdp, speed, ms) {
  if (speed !== null) {
    await page.evaluate((s) => window.__AR_DEBUG__.client.setOptions({ speed: s, tolerance: 0 }), speed);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until(async () => (await step(page)) > 0, { timeout: 60_000, message: 'first steps' });
    await page.waitForTimeout(1000);
  }
  const s0 = await step(page);
  const m0 = await metrics(cdp);
  const t0 = Date.now();
  const frames = await page.evaluate(sampleFrames, ms);
  const m1 = await metrics(cdp);
  const wall = (Date.now() - t0) / 1000;
  const steps = (await step(page)) - s0;
  // Share of wall time the page's main thread was busy: less noisy than fps on a shared machine.
  const busy = (k) => +((100 * (m1[k] - m0[k])) / wall).toFixed(1);
  if (speed !== null) await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(300);
  return {
    ...frames,
    mainThreadBusyPercent: busy('TaskDuration'),
    scriptPercent: busy('ScriptDuration'),
    layoutPercent: busy('LayoutDuration'),
    stepsPerSecond: Math.round(steps / wall),
  };
}

/** Frame rate idle, at 30 steps/s and at max speed, in one browser launched in `mode`. */
export async function benchPage(mode, { ms = 4000, query = 'debug=1' } = {}) {
  const app = await launch(mode, query);
  try {
    const backend = await app.page.getByTestId('backend-badge').getAttribute('data-backend');
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('Performance.enable');
    const idle = await framesAt(app.page, cdp, null, ms);
    const at30 = await framesAt(app.page, cdp, 30, ms);
    const max = await framesAt(app.page, cdp, 'max', ms);
    return {
      mode,
      workerBackend: backend,
      idle,
      at30StepsPerSecond: at30,
      atMaxSpeed: max,
      consoleErrors: app.errors.length,
    };
  } finally {
    await app.close();
  }
}
