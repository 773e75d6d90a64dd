// Read-only views of the store for panels and controls. Selectors that return fresh objects are meant for
// the frame-throttled hook (useFrameSelector), which compares results shallowly.

import type { ArState } from './store';
import type { Metric } from './trajectories';

export interface LayerInfo {
  /** Position among the hidden layers (0-based); "Layer k+1" in the UI. */
  k: number;
  /** Topological layer index. */
  index: number;
  id: string;
  units: number;
  name: string;
}

const hiddenLayersCache = new WeakMap<object, LayerInfo[]>();

/** The relaxing layers of the configured net: the same array for the same net, so panels comparing results
 *  shallowly do not re-render on every batch. */
export function selectHiddenLayers(s: ArState): LayerInfo[] {
  const net = s.net;
  if (!net) return [];
  let layers = hiddenLayersCache.get(net);
  if (!layers) {
    layers = net.hidden.map((index, k) => ({
      k,
      index,
      id: net.layerIds[index],
      units: net.layerSizes[index],
      name: `Layer ${k + 1}`,
    }));
    hiddenLayersCache.set(net, layers);
  }
  return layers;
}

const latestCache = new Map<Metric, { version: number; traj: object; value: (number | null)[] }>();

/** Newest value of a metric per hidden layer; null before the first recorded step (never NaN). The same
 *  array while the trajectories have not changed (store version). */
export function selectLatest(s: ArState, metric: Metric): (number | null)[] {
  const hit = latestCache.get(metric);
  if (hit && hit.version === s.version && hit.traj === s.traj) return hit.value;
  const value = s.traj.metrics[metric].map((b) => {
    const x = b.last();
    return x === undefined || !Number.isFinite(x) ? null : x;
  });
  latestCache.set(metric, { version: s.version, traj: s.traj, value });
  return value;
}

export const selectCurrentRelErrors = (s: ArState) => selectLatest(s, 'relError');

/** One layer's series, oldest first, with the step axis (copies: for tests and exports, not per-frame use). */
export function selectSeries(
  s: ArState,
  metric: Metric,
  k: number,
): { steps: Float64Array; values: Float64Array } {
  const b = s.traj.metrics[metric][k];
  return { steps: s.traj.steps.toArray(), values: b ? b.toArray() : new Float64Array(0) };
}

export const selectIsRunning = (s: ArState) => s.run.state === 'running';
export const selectStep = (s: ArState) => s.run.step;

export function selectStatusText(s: ArState): string {
  const { state, step, message, error, backend } = s.run;
  if (error && state !== 'running') return `Error (${error.code}): ${error.message}`;
  const on = backend ? ` on ${backend}` : '';
  switch (state) {
    case 'starting':
      return message || 'Starting the worker…';
    case 'loading':
      return message || 'Loading…';
    case 'running':
      return message || `Relaxing${on}…`;
    case 'paused':
      return message || (step === 0 ? `Ready${on}. Press Play to relax.` : `Paused at step ${step}.`);
    case 'converged':
    case 'diverged':
      return message;
  }
}

export function selectBackendTooltip(s: ArState): string {
  const { backend, renderer, software, detail, tfjs } = s.run;
  if (!backend) return 'Backend not chosen yet';
  const gl = renderer
    ? `WebGL renderer: ${renderer}${software ? ' (software)' : ''}`
    : 'No WebGL2 in the worker';
  return `Backend: ${backend} (${detail}). ${gl}. TF.js ${tfjs}.`;
}

/** The state panels draw: the recorded snapshot at the timeline position, or the live values. Never a
 *  recomputation. `step` is the step of the values shown. */
export function selectViewValues(s: ArState): { step: number; values: Float32Array[] | null; live: boolean } {
  if (s.viewStep === null) return { step: s.valuesStep, values: s.values, live: true };
  const snap = s.history.at(s.viewStep);
  return snap
    ? { step: snap.step, values: snap.values, live: false }
    : { step: s.viewStep, values: null, live: false };
}
