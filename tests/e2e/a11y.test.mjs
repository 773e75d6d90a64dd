// Accessibility audit with axe-core on the relaxation view (light and high-contrast themes), the training lab
// after a short spiral run, and the CNN preset: no violation of impact serious or critical. Also checks that
// the export menu works from the keyboard alone and that reduced motion turns transitions off.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { openApp, until, waitReady } from './browser.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe's serious and critical violations, one line per failing node. */
async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary}`));
}

let app;
before(async () => {
  app = await openApp({ query: 'debug=1&backend=wasm', context: { reducedMotion: 'reduce' } });
  await waitReady(app.page);
});
after(async () => {
  await app?.close();
});

test('the relaxation view has no serious or critical violations, in both themes; canvases follow the theme', async () => {
  const { page, errors } = app;
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  assert.deepEqual(await audit(page), []);

  // Pure black pixels on the network canvas: the projector palette draws its labels black, the light one
  // in #1b1f24 (and no diverging colour is black).
  const blackPixels = () =>
    page.evaluate(() => {
      const c = document.querySelector('.network-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] === 0 && d[i + 3] === 255) n++;
      return n;
    });
  assert.equal(await blackPixels(), 0);
  await page.getByText('More', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('contrast');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'contrast');
  // The network canvas is redrawn in the projector palette (the run is paused: nothing else changed it).
  await until(async () => (await blackPixels()) > 0, { message: 'the canvas in the projector palette' });
  assert.deepEqual(await audit(page), []);
  // Remembered on this device.
  await page.reload();
  await waitReady(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'contrast');
  await page.getByText('More', { exact: true }).click();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  await page.getByText('More', { exact: true }).click();
  assert.deepEqual(errors, []);
});

test('the export menu works from the keyboard, with a visible focus ring', async () => {
  const { page } = app;
  const button = page.getByRole('button', { name: 'Export Convergence', exact: true });
  await button.focus();
  await page.keyboard.press('Enter');
  const png = page.getByRole('button', { name: 'Export Convergence as PNG' });
  await png.waitFor();
  await page.keyboard.press('Tab');
  assert.ok(await png.evaluate((el) => el === document.activeElement), 'Tab moves into the menu');
  const ring = await png.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(ring, 'none', 'focused items show an outline');
  await page.keyboard.press('Escape');
  await png.waitFor({ state: 'detached' });
  assert.ok(
    await button.evaluate((el) => el === document.activeElement),
    'Escape returns focus to the button',
  );
});

test('reduced motion: no transitions or animations', async () => {
  const { page } = app;
  const moving = await page.evaluate(
    () =>
      [...document.querySelectorAll('*')]
        .map((el) => getComputedStyle(el))
        .filter(
          (cs) =>
            parseFloat(cs.transitionDuration) > 0.01 ||
            (cs.animationName !== 'none' && parseFloat(cs.animationDuration) > 0.01),
        ).length,
  );
  assert.equal(moving, 0);
});

test('the training lab after a short spiral run has no serious or critical violations', async () => {
  const { page, errors } = app;
  await page.getByRole('tab', { name: 'Training lab' }).click();
  await page.getByRole('region', { name: 'Training controls' }).waitFor();
  await page.getByRole('button', { name: /Spiral/ }).click();
  await page.getByRole('button', { name: 'Start training' }).click();
  await until(() => page.evaluate(() => window.__AR_LAB_STORE__.getState().evals.length >= 1), {
    message: 'an evaluation',
    timeout: 120_000,
  });
  await page.getByRole('button', { name: 'Pause training' }).click();
  assert.deepEqual(await audit(page), []);
  assert.deepEqual(errors, []);
});

test('the CNN preset has no serious or critical violations', async () => {
  const cnn = await openApp({ query: 'debug=1&backend=wasm&preset=cnn' });
  try {
    await waitReady(cnn.page);
    await cnn.page.getByRole('region', { name: 'Feature maps' }).waitFor();
    assert.deepEqual(await audit(cnn.page), []);
    assert.deepEqual(cnn.errors, []);
  } finally {
    await cnn.close();
  }
});
