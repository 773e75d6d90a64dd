// The panels' text read-outs (tables, labels, values under the charts) through a store selector, re-rendered
// at most READOUT_HZ times a second while the run goes and at the next frame otherwise. Batches reach the
// store ~30 times a second; the charts follow every one of them (useRedraw), but numbers that change 30
// times a second cannot be read, and re-rendering every panel's React tree per batch was the page's largest
// cost while streaming.

import { useEffect, useState } from 'react';
import { useArStore, type ArState } from '../../store';
import { shallowEqual } from '../useFrameSelector';

const READOUT_HZ = 8;

/** Like useFrameSelector (stable selector, results compared with isEqual), throttled while running. */
export function useReadout<T>(
  selector: (s: ArState) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  const [value, setValue] = useState(() => selector(useArStore.getState()));
  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = -Infinity;
    const update = () => {
      frame = 0;
      last = performance.now();
      const next = selector(useArStore.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    const request = () => {
      if (frame || timer !== undefined) return;
      const running = useArStore.getState().run.state === 'running';
      const wait = running ? 1000 / READOUT_HZ - (performance.now() - last) : 0;
      if (wait <= 0) frame = requestAnimationFrame(update);
      else
        timer = setTimeout(() => {
          timer = undefined;
          if (!frame) frame = requestAnimationFrame(update);
        }, wait);
    };
    // Catch up with anything that changed between render and subscription.
    request();
    const unsubscribe = useArStore.subscribe((s, prev) => {
      // The run stopped: show its final numbers at once.
      if (timer !== undefined && s.run.state !== prev.run.state && s.run.state !== 'running') {
        clearTimeout(timer);
        timer = undefined;
      }
      request();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [selector, isEqual]);
  return value;
}
