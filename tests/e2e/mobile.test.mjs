// Layout at 768 px on a touch device, and at 1280×800: controls wrap, nothing overflows sideways, and
// every control is a target of at least 40 px.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepCount, until, waitReady, withApp } from './browser.mjs';

async function checkLayout(page, minTarget) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
  const small = await page.evaluate((min) => {
    const targets = [
      ...document.querySelectorAll(
        'button, select, input[type=number], summary, .toggle, .segmented label, input[type=range]',
      ),
    ];
    return targets
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.height < min || r.width < min))
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
      );
  }, minTarget);
  assert.deepEqual(small, [], 'targets below the minimum size');
}

test('768×1024 touch: wraps, large targets, runs by tapping', () =>
  withApp(
    {
      context: {
        viewport: { width: 768, height: 1024 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 1,
      },
    },
    async (app) => {
      const { page } = app;
      await waitReady(page);
      await checkLayout(page, 40);
      await app.screenshot('tablet-768x1024-loaded');
      await page.getByRole('button', { name: 'Play', exact: true }).tap();
      await until(async () => (await stepCount(page)) > 40, { message: 'steps after tapping Play' });
      await app.screenshot('tablet-768x1024-running');
      assert.deepEqual(app.errors, []);
    },
  ));

test('1280×800: no overflow, targets at least 40 px', () =>
  withApp({}, async (app) => {
    await waitReady(app.page);
    await checkLayout(app.page, 40);
    assert.deepEqual(app.errors, []);
  }));
