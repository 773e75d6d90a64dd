// The timeline, driven as a person would: run some steps at the default 30 steps/s, scrub back to step 0
// (the feedforward state), to a middle step, back to Live; and the global keyboard shortcuts.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, openApp, stepCount, until, waitReady, withApp } from './browser.mjs';

/** Screenshot of one panel, to look at its details. */
const panelShot = (page, name, file) =>
  page.getByRole('region', { name }).screenshot({ path: join(ARTIFACTS, `${file}.png`) });

let app;
before(async () => {
  app = await openApp({ query: 'debug=1' });
  await waitReady(app.page);
});
after(async () => {
  await app?.close();
});

const button = (name) => app.page.getByRole('button', { name, exact: true });
const store = (fn) => app.page.evaluate(fn);
const value = async (testid) => Number(await app.page.getByTestId(testid).getAttribute('data-value'));
const viewStep = () => store(() => window.__AR_STORE__.getState().viewStep);
const close = (a, b, what) =>
  assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('records every step at 30 steps/s, starting with the feedforward state at step 0', async () => {
  const { page } = app;
  assert.equal(await value('timeline-view-step'), 0);
  assert.deepEqual(await store(() => window.__AR_STORE__.getState().history.steps()), [0]);
  await button('Play').click();
  await until(async () => (await stepCount(page)) >= 25, { message: '25 steps' });
  await button('Pause').click();
  await page.getByRole('status').filter({ hasText: 'Paused' }).waitFor();
  await page.waitForTimeout(200);
  const { steps, live } = await store(() => {
    const s = window.__AR_STORE__.getState();
    return { steps: s.history.steps(), live: s.run.step };
  });
  assert.deepEqual(
    steps,
    Array.from({ length: live + 1 }, (_, i) => i),
    'one recorded state per step',
  );
  assert.equal(await value('timeline-live-step'), live);
  assert.deepEqual(app.errors, []);
});

test('scrubbing to step 0 shows the feedforward values; a middle step shows that step', async () => {
  const { page } = app;
  const slider = page.getByTestId('timeline-slider');
  const box = await slider.boundingBox();
  const live = await stepCount(page);
  // Mouse: press on the thumb (at the live end), drag to the far left.
  await page.mouse.move(box.x + box.width - 11, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + 1, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await until(async () => (await value('timeline-view-step')) === 0, { message: 'step 0 shown' });
  assert.equal(await viewStep(), 0);
  assert.equal(await value('inspector-step'), 0);
  // The inspector's v (layer 1, item 0, unit 0) is the frozen feedforward activation x̄, sent separately.
  const x0 = await store(() => window.__AR_STORE__.getState().feedforward[0][0]);
  close(await value('inspector-v'), x0, 'v at step 0 = x̄');
  close(await value('inspector-feedforward'), x0, 'x̄ readout');
  // Every hidden layer's recorded state at step 0 is the feedforward pass.
  const same = await store(() => {
    const s = window.__AR_STORE__.getState();
    return s.net.hidden.every((l) => s.history.at(0).values[l].every((v, i) => v === s.feedforward[l][i]));
  });
  assert.ok(same, 'the step-0 state equals x̄ in every hidden layer');
  await app.screenshot('timeline-step0-1280x800');

  // A middle step: click the middle of the track.
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const mid = await until(async () => {
    const s = await value('timeline-view-step');
    return s > 0 && s < live ? s : null;
  });
  assert.ok(Math.abs(mid - live / 2) <= Math.max(2, live * 0.1), `middle of ${live} is ${mid}`);
  const recorded = await page.evaluate(
    (step) => window.__AR_STORE__.getState().history.at(step).values[0][0],
    mid,
  );
  close(await value('inspector-v'), recorded, `v at step ${mid}`);
  assert.notEqual(await value('inspector-v'), x0, 'the state moved since step 0');
  await app.screenshot('timeline-middle-1280x800');
  await panelShot(page, 'Timeline', 'timeline-panel-1280');
  await panelShot(page, 'Inspector', 'inspector-panel-1280');

  // Keyboard on the slider: → next recorded step, Home / End.
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await until(async () => (await value('timeline-view-step')) === mid + 1, { message: 'one step on' });
  assert.equal(await stepCount(page), live, 'arrows on the slider do not step the run');
  await page.keyboard.press('Home');
  await until(async () => (await viewStep()) === 0, { message: 'Home' });
  await page.keyboard.press('End');
  await until(async () => (await viewStep()) === live, { message: 'End' });

  // Live follows the run again.
  await button('Live').click();
  assert.equal(await viewStep(), null);
  await until(async () => (await button('Live').getAttribute('aria-pressed')) === 'true', {
    message: 'Live on',
  });
  assert.equal(await value('timeline-view-step'), live);
  assert.deepEqual(app.errors, []);
});

test('keyboard shortcuts: Space plays and pauses, → steps once, R resets, ? opens the help', async () => {
  const { page } = app;
  const status = page.getByRole('status');
  const state = () => status.getAttribute('data-state');
  await page.locator('h1').click(); // focus leaves the controls
  await page.keyboard.press('Space');
  await until(async () => (await state()) === 'running', { message: 'Space plays' });
  await page.keyboard.press('Space');
  await until(async () => (await state()) === 'paused', { message: 'Space pauses' });
  await page.waitForTimeout(200);
  const at = await stepCount(page);
  await page.keyboard.press('ArrowRight');
  await until(async () => (await stepCount(page)) === at + 1, { message: '→ takes one step' });
  await page.waitForTimeout(300);
  assert.equal(await stepCount(page), at + 1, 'exactly one step');

  // Not while typing in a field: R in the inspector's unit box does not reset, Space does not play.
  const field = page.getByLabel('Inspector unit');
  await field.focus();
  await page.keyboard.press('r');
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  assert.equal(await stepCount(page), at + 1, 'no shortcut fired in a field');
  assert.equal(await state(), 'paused');

  await page.locator('h1').click();
  await page.keyboard.press('r');
  await until(async () => (await stepCount(page)) === 0, { message: 'R resets' });
  assert.deepEqual(await store(() => window.__AR_STORE__.getState().history.steps()), [0]);

  // ? opens a modal dialog with focus inside; Escape closes it and focus returns.
  const opener = page.getByRole('button', { name: /Shortcuts/ });
  await opener.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus is in the dialog');
  assert.match(await dialog.textContent(), /Play \/ pause/);
  await app.screenshot('timeline-help-1280x800');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(await opener.evaluate((b) => b === document.activeElement), 'focus returned to the opener');
  assert.equal(await state(), 'paused', 'Escape did nothing else');
  assert.deepEqual(app.errors, []);
});

test('touch, 768 × 1024: a tap on the track scrubs', async () => {
  await withApp(
    { query: 'debug=1', context: { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true } },
    async (m) => {
      const { page } = m;
      await waitReady(page);
      await page.getByLabel('Steps per click').selectOption('10');
      await page.getByRole('button', { name: 'Step', exact: true }).tap();
      await until(async () => (await stepCount(page)) === 10, { message: '10 steps' });
      const slider = page.getByTestId('timeline-slider');
      const box = await slider.boundingBox();
      await slider.tap({ position: { x: 2, y: box.height / 2 } });
      await until(
        async () => (await page.getByTestId('timeline-view-step').getAttribute('data-value')) === '0',
        {
          message: 'tap scrubs to 0',
        },
      );
      await m.screenshot('timeline-touch-768x1024');
      await panelShot(page, 'Timeline', 'timeline-panel-768');
      await panelShot(page, 'Inspector', 'inspector-panel-768');
      assert.deepEqual(m.errors, []);
    },
  );
});
