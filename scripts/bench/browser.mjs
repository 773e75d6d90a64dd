// Throughput in the real app: Debian's Chromium (via playwright-core) drives the built app with the worker
// forced onto each backend — webgl under SwiftShader GL (the e2e flags), wasm and cpu with --disable-gpu.
// Figures: the worker's compute rate, the rate the page sees while streaming, the rate with streaming off
// (paper MLP on wasm), page frame rate, and tensors across 10,000 steps. The headline page frame rate is
// page.mjs's. Measured, never asserted.

import { openApp, until, waitReady } from '../../tests/e2e/browser.mjs';

const diag = (page) => page.evaluate(() => window.__AR_STORE__.getState().run.diag);
const step = (page) => page.evaluate(() => window.__AR_STORE__.getState().run.step);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;

/** Long tasks (> 50 ms) are recorded from page load on. */
const LONG_TASKS = () => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

async function selectPreset(page, preset) {
  await page.getByRole('combobox', { name: 'Network' }).selectOption(preset);
  await until(
    async () => (await page.evaluate(() => window.__AR_STORE__.getState().net?.preset)) === preset,
    {
      timeout: 60_000,
      message: `${preset} preset`,
    },
  );
  await waitReady(page);
}

/** Play at max speed for `ms`; sample the worker's compute rate, the page's step rate, fps, long tasks.
 *  (The frame counter's requestAnimationFrame loop makes the page draw 60 frames a second, which the app
 *  alone does not: the streaming cost is measured without it, in streamingOnOff.) */
async function stream(page, ms) {
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ speed: 'max', tolerance: 0 }));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await step(page)) > 0, { timeout: 60_000, message: 'first steps' });
  await page.waitForTimeout(800); // warm-up: kernels compiled, tick size settled
  const s0 = await step(page);
  const t0 = Date.now();
  const frames = page.evaluate((dur) => {
    return new Promise((resolve) => {
      const start = performance.now();
      let n = 0;
      const tick = () => {
        n++;
        if (performance.now() - start < dur) requestAnimationFrame(tick);
        else resolve({ fps: n / ((performance.now() - start) / 1000), start, end: performance.now() });
      };
      requestAnimationFrame(tick);
    });
  }, ms);
  const rates = [];
  while (Date.now() - t0 < ms) {
    await page.waitForTimeout(250);
    const d = await diag(page);
    if (d) rates.push(d.stepsPerSecond);
  }
  const { fps, start, end } = await frames;
  const s1 = await step(page);
  const seconds = (Date.now() - t0) / 1000;
  const longest = await page.evaluate(
    ([a, b]) =>
      Math.max(0, ...window.__longTasks.filter((t) => t.start >= a && t.start <= b).map((t) => t.duration)),
    [start, end],
  );
  const d = await diag(page);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const worker = median(rates);
  const streamed = (s1 - s0) / seconds;
  return {
    // The worker's rate inside its ticks (recording included) and the page's: their gap is the time the
    // worker spends outside ticks (posting, reading values back, angles), not the page's share of the CPU.
    workerStepsPerSecond: Math.round(worker),
    streamedStepsPerSecond: Math.round(streamed),
    outsideTicksPercent: worker ? +(100 * (1 - streamed / worker)).toFixed(1) : null,
    pageFps: +fps.toFixed(1),
    longestTaskMs: Math.round(longest),
    recordEvery: d?.recordEvery ?? null,
  };
}

/** Steps/s while the page takes no batches (the client's bench mute: no store updates, no acks, so the
 *  worker stops posting), from the steps of the muted batches that still get through (one per ack timeout). */
async function mutedRate(page, batches = 2) {
  const progress = () => page.evaluate(() => window.__AR_DEBUG__.client.mutedProgress());
  await page.evaluate(() => window.__AR_DEBUG__.client.muteStreaming(true));
  try {
    const first = await until(async () => ((await progress()).batches >= 1 ? progress() : null), {
      timeout: 15_000,
      message: 'a muted batch',
    });
    const last = await until(
      async () => {
        const p = await progress();
        return p.batches >= first.batches + batches ? p : null;
      },
      { timeout: 30_000, message: 'more muted batches' },
    );
    return (last.step - first.step) / ((last.at - first.at) / 1000);
  } finally {
    await page.evaluate(() => window.__AR_DEBUG__.client.muteStreaming(false));
  }
}

/** Streaming on vs off at max speed in one continuous run, alternating `pairs` times: this machine's speed
 *  drifts by ±20 % over seconds, so the two are sampled side by side many times. The cost is that of the
 *  summed rates (1 − Σon/Σoff); the mean and standard error of the pairs' own costs show the spread. */
async function streamingOnOff(page, pairs = 16, onMs = 3000) {
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ speed: 'max', tolerance: 0 }));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await step(page)) > 0, { timeout: 60_000, message: 'first steps' });
  await page.waitForTimeout(1000);
  const on = [];
  const off = [];
  for (let i = 0; i < pairs; i++) {
    // Streaming resumes once the worker's unacknowledged muted batches time out: wait for the page to move.
    const resumed = await step(page);
    await until(async () => (await step(page)) > resumed, { timeout: 15_000, message: 'streaming again' });
    await page.waitForTimeout(300);
    const s0 = await step(page);
    const t0 = Date.now();
    await page.waitForTimeout(onMs);
    on.push(((await step(page)) - s0) / ((Date.now() - t0) / 1000));
    off.push(await mutedRate(page));
  }
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const costs = on.map((r, i) => 1 - r / off[i]);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const m = mean(costs);
  const se = Math.sqrt(costs.reduce((a, c) => a + (c - m) ** 2, 0) / (costs.length - 1) / costs.length);
  return {
    pairs,
    streamedStepsPerSecond: on.map(Math.round),
    streamingOffStepsPerSecond: off.map(Math.round),
    streamingCostPercent: +(100 * (1 - mean(on) / mean(off))).toFixed(1),
    pairCostMeanPercent: +(100 * m).toFixed(1),
    pairCostStandardErrorPercent: +(100 * se).toFixed(1),
  };
}

/** Tensors in the worker before and after ≥ 10,000 steps of the current preset. */
async function tensorsOver(page, steps) {
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.evaluate(() => window.__AR_DEBUG__.client.setOptions({ speed: 'max', tolerance: 0 }));
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(async () => (await diag(page)) !== null, { timeout: 60_000, message: 'first batch' });
  const before = (await diag(page)).numTensors;
  const from = await step(page);
  await until(async () => (await step(page)) >= from + steps, {
    timeout: 300_000,
    every: 500,
    message: `${steps} steps`,
  });
  const after = (await diag(page)).numTensors;
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  return { steps: (await step(page)) - from, numTensorsBefore: before, numTensorsAfter: after };
}

export async function benchBrowser({ backends = ['webgl', 'wasm', 'cpu'], ms = 4000 } = {}) {
  const out = {};
  for (const backend of backends) {
    // WebGL needs SwiftShader's emulated GPU, which also composites the page on the CPU; the wasm and cpu
    // backends are measured as on a GPU-less machine (software compositing), so the page's emulated GPU
    // does not take the worker's core.
    const app = await openApp({ query: `debug=1&backend=${backend}`, softwareOnly: backend !== 'webgl' });
    try {
      await app.page.evaluate(LONG_TASKS);
      await waitReady(app.page);
      const active = await app.page.getByTestId('backend-badge').getAttribute('data-backend');
      const small = await stream(app.page, ms);
      await selectPreset(app.page, 'mnist');
      const paper = await stream(app.page, backend === 'cpu' ? ms / 2 : ms);
      const onOff = backend === 'wasm' ? await streamingOnOff(app.page) : undefined;
      const tensors = backend === 'wasm' ? await tensorsOver(app.page, 10_000) : undefined;
      // The follow-up paper's CNN (the app's preset: batch 8).
      await selectPreset(app.page, 'cnn');
      const cnn = await stream(app.page, ms);
      out[backend] = {
        active,
        paperMlp: { ...paper, ...(onOff ? { onVsOff: onOff } : {}) },
        smallNet: small,
        cnnBatch8: cnn,
        ...(tensors ? { tensors } : {}),
        consoleErrors: app.errors.length,
      };
    } finally {
      await app.close();
    }
  }
  return out;
}
