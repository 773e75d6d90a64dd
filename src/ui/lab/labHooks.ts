// The lab's versions of useFrameSelector and useRedraw: the same once-per-frame scheduling, but subscribed
// to the lab store (the relaxation hooks are bound to the relaxation store). Progress events arrive at up
// to ~30 Hz with several batch records each; panels redraw at most once per animation frame.

import { useEffect, useRef, useState, type RefObject } from 'react';
import { useLabStore, type LabStoreState } from '../../store/labStore';
import { shallowEqual } from '../useFrameSelector';

/** Off-screen charts redraw at most this often while training runs. */
const OFFSCREEN_MS = 750;

/** Like useFrameSelector, on the lab store. Selectors must be stable (module-level) functions. */
export function useLabFrame<T>(
  selector: (s: LabStoreState) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  const [value, setValue] = useState(() => selector(useLabStore.getState()));
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = selector(useLabStore.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    frame = requestAnimationFrame(update);
    const unsubscribe = useLabStore.subscribe(() => {
      if (!frame) frame = requestAnimationFrame(update);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [selector, isEqual]);
  return value;
}

export interface LabChart {
  draw(width: number): void;
  dispose?(): void;
}

/**
 * Builds a chart once per mount and draws it at most once per frame when `changed` says the store moved,
 * the container was resized, or `request()` was called (a view option). Off-screen charts catch up a few
 * times a second while training runs and at once when scrolled into view.
 */
export function useLabRedraw(
  container: RefObject<HTMLElement | null>,
  setup: (el: HTMLElement) => LabChart | null,
  changed: (s: LabStoreState, prev: LabStoreState) => boolean,
): { request(): void } {
  const setupRef = useRef(setup);
  const changedRef = useRef(changed);
  const requestRef = useRef<() => void>(() => {});
  useEffect(() => {
    setupRef.current = setup;
    changedRef.current = changed;
  });
  const [handle] = useState(() => ({ request: () => requestRef.current() }));

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dirty = true;
    let visible = true;
    let lastDraw = -Infinity;
    let width = el.clientWidth;
    const chart = setupRef.current(el);
    if (!chart) return;

    const run = () => {
      frame = 0;
      if (!dirty) return;
      dirty = false;
      lastDraw = performance.now();
      chart.draw(width);
    };
    const request = () => {
      dirty = true;
      if (frame || timer !== undefined) return;
      const running = useLabStore.getState().state === 'running';
      const wait = visible || !running ? 0 : OFFSCREEN_MS - (performance.now() - lastDraw);
      if (wait <= 0) frame = requestAnimationFrame(run);
      else
        timer = setTimeout(() => {
          timer = undefined;
          if (!frame) frame = requestAnimationFrame(run);
        }, wait);
    };
    requestRef.current = request;

    const resize = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      request();
    });
    resize.observe(el);
    const seen = new IntersectionObserver(
      (entries) => {
        const now = entries[entries.length - 1]?.isIntersecting ?? true;
        if (now === visible) return;
        visible = now;
        if (visible && dirty) {
          clearTimeout(timer);
          timer = undefined;
          request();
        }
      },
      { rootMargin: '200px' },
    );
    seen.observe(el);
    const unsubscribe = useLabStore.subscribe((s, prev) => {
      if (changedRef.current(s, prev)) request();
    });
    request();
    return () => {
      requestRef.current = () => {};
      unsubscribe();
      resize.disconnect();
      seen.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      chart.dispose?.();
    };
  }, [container]);
  return handle;
}

/** Canvas sized to `cssW × cssH` CSS pixels at the screen's density; returns its 2-D context. */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  cssW: number,
  cssH: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssW * dpr));
  const h = Math.max(1, Math.round(cssH * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
