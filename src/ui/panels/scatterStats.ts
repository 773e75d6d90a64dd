// How close the relaxed values v_l are to the backprop gradient g_l, per hidden layer, as numbers: the
// largest miss, R² of the identity line y = x (1 − Σ(v − g)² / Σ(g − ḡ)², so it measures agreement, not
// just correlation) and Pearson's r. Cached on the arrays' identity: the chart and the table share one pass.

export interface LayerStats {
  /** max |v − g| over every unit of every item. */
  maxAbs: number;
  /** Coefficient of determination of y = x; 1 on the diagonal, can go below 0. */
  r2: number;
  /** Pearson correlation of v and g. */
  r: number;
  /** max(|g|, |v|), for the axes. */
  extent: number;
  /** max |g|, for the per-layer scale. */
  gMax: number;
  count: number;
}

let cache: {
  values: Float32Array[] | null;
  reference: Float32Array[] | null;
  hidden: readonly number[];
  out: LayerStats[];
} | null = null;

export function layerStats(v: Float32Array, g: Float32Array): LayerStats {
  const n = Math.min(v.length, g.length);
  let maxAbs = 0;
  let extent = 0;
  let gMax = 0;
  let sv = 0;
  let sg = 0;
  let nan = false;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(v[i] - g[i]);
    if (d > maxAbs) maxAbs = d;
    else if (Number.isNaN(d)) nan = true;
    gMax = Math.max(gMax, Math.abs(g[i]));
    extent = Math.max(extent, Math.abs(g[i]), Math.abs(v[i]));
    sv += v[i];
    sg += g[i];
  }
  const mv = sv / n;
  const mg = sg / n;
  let sse = 0;
  let sgg = 0;
  let svv = 0;
  let svg = 0;
  for (let i = 0; i < n; i++) {
    const dv = v[i] - mv;
    const dg = g[i] - mg;
    sse += (v[i] - g[i]) ** 2;
    sgg += dg * dg;
    svv += dv * dv;
    svg += dv * dg;
  }
  return {
    maxAbs: nan ? NaN : maxAbs,
    r2: sgg > 0 ? 1 - sse / sgg : NaN,
    r: sgg > 0 && svv > 0 ? svg / Math.sqrt(sgg * svv) : NaN,
    extent,
    gMax,
    count: n,
  };
}

/** Stats per hidden layer (empty until both the state and the reference are known). */
export function scatterStats(
  values: Float32Array[] | null,
  reference: Float32Array[] | null,
  hidden: readonly number[],
): LayerStats[] {
  if (cache && cache.values === values && cache.reference === reference && cache.hidden === hidden)
    return cache.out;
  const out =
    values && reference
      ? hidden.flatMap((index) =>
          values[index] && reference[index] ? [layerStats(values[index], reference[index])] : [],
        )
      : [];
  cache = { values, reference, hidden, out };
  return out;
}
