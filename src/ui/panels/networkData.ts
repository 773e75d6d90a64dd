// Numbers behind the network view: one batch item's v and g per layer, how far apart they are, the colour
// scale, and which edges are worth drawing when a layer is too wide to draw them all.

import type { ArState, NetSlice } from '../../store';
import { selectViewValues } from '../../store';
import type { TracePoint } from '../../protocol';

export interface LayerView {
  /** Topological layer index; the last one is the clamped output. */
  layer: number;
  n: number;
  /** This item's v_l and g_l (views into the batch arrays), null until they arrive. */
  v: Float32Array | null;
  g: Float32Array | null;
  maxG: number | null;
  maxDiff: number | null;
  meanDiff: number | null;
}

export type ScaleMode = 'layer' | 'shared';

/** The item's row of a batch-major (batch × n) array. */
export function itemRow(a: Float32Array | null | undefined, item: number, n: number): Float32Array | null {
  if (!a || a.length < (item + 1) * n) return null;
  return a.subarray(item * n, (item + 1) * n);
}

export function layerViews(
  net: NetSlice,
  values: Float32Array[] | null,
  ref: Float32Array[] | null,
  item: number,
) {
  return net.layerSizes.map((n, layer): LayerView => {
    const v = itemRow(values?.[layer], item, n);
    const g = itemRow(ref?.[layer], item, n);
    let maxG: number | null = null;
    let maxDiff: number | null = null;
    let meanDiff: number | null = null;
    if (g) maxG = g.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    if (v && g) {
      let sum = 0;
      let mx = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.abs(v[i] - g[i]);
        sum += d;
        if (d > mx) mx = d;
      }
      maxDiff = mx;
      meanDiff = sum / n;
    }
    return { layer, n, v, g, maxG, maxDiff, meanDiff };
  });
}

/** Colour scale per layer: its item's max |g| (fixed during a run, so colours do not flicker), or the
 *  largest over all layers when shared. Falls back to max |v|, then 1. */
export function colourScales(views: LayerView[], mode: ScaleMode): number[] {
  const own = views.map((l) => {
    if (l.maxG) return l.maxG;
    const mv = l.v ? l.v.reduce((m, x) => Math.max(m, Math.abs(x)), 0) : 0;
    return mv > 0 && Number.isFinite(mv) ? mv : 1;
  });
  if (mode === 'layer') return own;
  const all = Math.max(...own);
  return own.map(() => all);
}

/** What the panel draws at one moment: the shown step's values and everything they are compared with. */
export interface NetworkSnapshot {
  net: NetSlice | null;
  step: number;
  live: boolean;
  values: Float32Array[] | null;
  reference: Float32Array[] | null;
  weights: ArState['weights'];
  feedback: 'exact' | 'learned' | 'random';
  traces: TracePoint[];
  selected: TracePoint | null;
}

export const selectedOf = (s: ArState): TracePoint | null => s.selected ?? null;

/** Select a unit for the chain-rule inspector (guarded: a store built without the action just skips it). */
export function setSelectedIn(s: ArState, p: TracePoint | null): void {
  if (typeof s.setSelected === 'function') s.setSelected(p);
}

export function selectNetworkSnapshot(s: ArState): NetworkSnapshot {
  const view = selectViewValues(s);
  return {
    net: s.net,
    step: view.step,
    live: view.live,
    values: view.values,
    reference: s.reference,
    weights: s.weights,
    feedback: s.weights?.feedback ?? s.config.options.feedback,
    traces: s.config.traces,
    selected: selectedOf(s),
  };
}

/** Toggle `p` in the traces; a new one beyond `cap` pushes out the oldest. */
export function toggleTrace(traces: TracePoint[], p: TracePoint, cap: number): TracePoint[] {
  const same = (t: TracePoint) => t.layer === p.layer && t.item === p.item && t.unit === p.unit;
  if (traces.some(same)) return traces.filter((t) => !same(t));
  return [...traces, p].slice(-cap);
}

const topCache = new WeakMap<Float32Array, Map<number, Int32Array>>();

/** Flat indices of the k largest |w| (weights do not change during a relaxation, so this is cached). */
export function strongest(w: Float32Array, k: number): Int32Array {
  let byK = topCache.get(w);
  if (!byK) topCache.set(w, (byK = new Map()));
  const hit = byK.get(k);
  if (hit) return hit;
  const idx = Int32Array.from({ length: w.length }, (_, i) => i);
  const order = idx.sort((a, b) => Math.abs(w[b]) - Math.abs(w[a])).slice(0, k);
  byK.set(k, order);
  return order;
}

/** Flat indices (into the nIn × nOut matrix) of unit `u`'s k strongest weights, as input ('in': u is a
 *  column) or as output side ('out': u is a row). */
export function strongestOf(
  w: Float32Array,
  nIn: number,
  nOut: number,
  u: number,
  side: 'in' | 'out',
  k: number,
) {
  const idx =
    side === 'in'
      ? Array.from({ length: nIn }, (_, i) => i * nOut + u)
      : Array.from({ length: nOut }, (_, j) => u * nOut + j);
  return idx.sort((a, b) => Math.abs(w[b]) - Math.abs(w[a])).slice(0, k);
}

/** Largest |w| of a matrix, for the edge widths (cached like `strongest`). */
const maxCache = new WeakMap<Float32Array, number>();
export function maxAbs(w: Float32Array): number {
  let m = maxCache.get(w);
  if (m === undefined) {
    m = w.reduce((acc, x) => Math.max(acc, Math.abs(x)), 0) || 1;
    maxCache.set(w, m);
  }
  return m;
}
