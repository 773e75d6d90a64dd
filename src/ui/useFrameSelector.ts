// Subscribe to the store but re-render at most once per animation frame: batches arrive at ~40 Hz and
// several may land between two frames. Selectors must be stable (module-level) functions.

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useArStore, type ArState } from '../store';

export function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function useFrameSelector<T>(
  selector: (s: ArState) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  return useStoreFrameSelector(useArStore, selector, isEqual);
}

/** useFrameSelector on any Zustand store (the training lab has its own). */
export function useStoreFrameSelector<S, T>(
  store: { getState(): S; subscribe(listener: () => void): () => void },
  selector: (s: S) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let frame = 0;
    // Committed inside the frame (flushSync): left to React's scheduler the render lands after the frame
    // and costs a frame, and a repaint of the document, of its own.
    const update = () => {
      frame = 0;
      const next = selector(store.getState());
      flushSync(() => setValue((prev) => (isEqual(prev, next) ? prev : next)));
    };
    // Catch up with anything that changed between render and subscription.
    frame = requestAnimationFrame(update);
    const unsubscribe = store.subscribe(() => {
      if (!frame) frame = requestAnimationFrame(update);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, selector, isEqual]);
  return value;
}
