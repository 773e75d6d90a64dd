// The one redraw scheduler the chart hooks share. A chart is built once per mount (setup) and drawn at most
// once per animation frame, only when its inputs changed: a store change it cares about, a resize, or an
// explicit request (a view option). Sizes come from a ResizeObserver, whose callbacks run after layout, so a
// draw never forces a synchronous layout. A chart scrolled out of view redraws only about four times a
// second while the run is going (so it is never far behind), at once when it scrolls into view, and at the
// next frame once the run stops.

import { useEffect, useRef, useState, type RefObject } from 'react';
import { useArStore, type ArState } from '../../store';
import { THEME_EVENT } from '../theme';

/** Off-screen relaxation charts redraw at most this often while running. */
const OFFSCREEN_MS = 250;

/** The part of a Zustand store the scheduler needs, and when its run counts as going. */
export interface RedrawSource<S> {
  store: { getState(): S; subscribe(listener: (s: S, prev: S) => void): () => void };
  running(s: S): boolean;
  offscreenMs: number;
}

const RELAXATION: RedrawSource<ArState> = {
  store: useArStore,
  running: (s) => s.run.state === 'running',
  offscreenMs: OFFSCREEN_MS,
};
/** Start drawing a little before a chart scrolls into view. */
const MARGIN = '200px';

export interface Chart {
  /** Draw everything from the store's current state at the container's width (CSS px). */
  draw(width: number): void;
  dispose?(): void;
}

export interface RedrawHandle {
  /** Ask for a redraw at the next frame (e.g. a view option changed). Stable across renders. */
  request(): void;
}

/**
 * `setup` builds the chart inside the container (once per mount) and returns its draw function;
 * `changed(s, prev)` says which store updates need a redraw. Both may be inline functions: the latest
 * versions are used, and neither re-runs the setup.
 */
export function useRedraw(
  container: RefObject<HTMLElement | null>,
  setup: (el: HTMLElement, request: () => void) => Chart | null,
  changed: (s: ArState, prev: ArState) => boolean,
): RedrawHandle {
  return useStoreRedraw(RELAXATION, container, setup, changed);
}

/** useRedraw on any store (the training lab has its own). `source` must be a stable object. */
export function useStoreRedraw<S>(
  source: RedrawSource<S>,
  container: RefObject<HTMLElement | null>,
  setup: (el: HTMLElement, request: () => void) => Chart | null,
  changed: (s: S, prev: S) => boolean,
): RedrawHandle {
  const setupRef = useRef(setup);
  const changedRef = useRef(changed);
  const requestRef = useRef<() => void>(() => {});
  useEffect(() => {
    setupRef.current = setup;
    changedRef.current = changed;
  });
  const [handle] = useState<RedrawHandle>(() => ({ request: () => requestRef.current() }));

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let frame = 0;
    let dirty = true;
    let visible = true;
    let lastDraw = -Infinity;
    // Read once at mount; afterwards only in ResizeObserver callbacks (layout is clean there).
    let width = el.clientWidth;
    let chart: Chart | null = null;

    const run = () => {
      frame = 0;
      if (!dirty) return;
      dirty = false;
      lastDraw = performance.now();
      chart?.draw(width);
    };
    // An off-screen chart that is not yet due stays dirty and is drawn in the frame of a later store change
    // (never from a timer of its own: every extra frame repaints the document, which on two cores takes
    // CPU from the worker).
    const request = () => {
      dirty = true;
      if (frame) return;
      const due =
        visible ||
        !source.running(source.store.getState()) ||
        performance.now() - lastDraw >= source.offscreenMs;
      if (due) frame = requestAnimationFrame(run);
    };
    chart = setupRef.current(el, request);
    if (!chart) return;
    const built = chart;
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
        // Catch up at once on coming into view.
        if (visible && dirty) request();
      },
      { rootMargin: MARGIN },
    );
    seen.observe(el);
    // Canvases take their colours from the theme at draw time.
    window.addEventListener(THEME_EVENT, request);
    // A pending off-screen redraw goes out with any later change (a run that stops makes it due at once).
    const unsubscribe = source.store.subscribe((s, prev) => {
      if (dirty || changedRef.current(s, prev)) request();
    });
    request();
    return () => {
      requestRef.current = () => {};
      unsubscribe();
      resize.disconnect();
      seen.disconnect();
      window.removeEventListener(THEME_EVENT, request);
      cancelAnimationFrame(frame);
      built.dispose?.();
    };
  }, [container, source]);
  return handle;
}
