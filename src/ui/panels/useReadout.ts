// The panels' text read-outs (tables, labels, values under the charts) through a store selector, re-rendered
// at most READOUT_HZ times a second while the run goes and at the next frame otherwise. Numbers that change
// 30 times a second cannot be read, and re-rendering every panel's React tree per batch was the page's
// largest cost while streaming. All read-outs share one clock that only ticks in a frame a store change
// already causes, and commits in that frame (the charts redraw in it too): separate timers and React's own
// scheduling gave read-outs frames of their own, and every extra frame repaints the document (the page's
// largest rendering cost on two cores).

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useArStore, type ArState } from '../../store';
import { shallowEqual } from '../useFrameSelector';

const READOUT_HZ = 8;

const readouts = new Set<() => void>();
let frame = 0;
let lastUpdate = -Infinity;
let unsubscribeStore: (() => void) | null = null;

/** One synchronous React commit for every read-out, inside this animation frame: left to React's scheduler
 *  it would land after the frame and cost a frame (and a repaint) of its own. */
function updateAll(): void {
  frame = 0;
  lastUpdate = performance.now();
  flushSync(() => {
    for (const update of readouts) update();
  });
}

function requestAll(now: boolean): void {
  if (frame || readouts.size === 0) return;
  if (now || performance.now() - lastUpdate >= 1000 / READOUT_HZ) frame = requestAnimationFrame(updateAll);
}

/** While running, batches keep coming (≥ once a second even at the slowest speed), so a change skipped
 *  as too early is shown with the next one; a run that stops shows its final numbers at once. */
function onStore(s: ArState, prev: ArState): void {
  requestAll(s.run.state !== 'running' || prev.run.state !== 'running');
}

function register(update: () => void): () => void {
  readouts.add(update);
  unsubscribeStore ??= useArStore.subscribe(onStore);
  return () => {
    readouts.delete(update);
    if (readouts.size > 0) return;
    unsubscribeStore?.();
    unsubscribeStore = null;
    cancelAnimationFrame(frame);
    frame = 0;
  };
}

/** Like useFrameSelector (stable selector, results compared with isEqual), throttled while running. */
export function useReadout<T>(
  selector: (s: ArState) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  const [value, setValue] = useState(() => selector(useArStore.getState()));
  useEffect(() => {
    const update = () => {
      const next = selector(useArStore.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    // Catch up with anything that changed between render and subscription.
    const first = requestAnimationFrame(update);
    const unregister = register(update);
    return () => {
      cancelAnimationFrame(first);
      unregister();
    };
  }, [selector, isEqual]);
  return value;
}
