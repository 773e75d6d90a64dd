// The chain-rule inspector's arithmetic, from recorded arrays only (no tfjs, no recomputation of the run):
// for hidden unit i of layer l at one recorded step,
//     target_i = Σ_j B_ji (v_j ⊙ f′_j)     (j over the units of layer l+1; B_{l+1} stored n_{l+1} × n_l)
//     v_i ← v_i + η (target_i − v_i)
// and, for comparison only, backprop's g_i. The output layer is clamped to e_L.

import type { TracePoint } from '../../protocol';

export interface Term {
  /** Unit of the layer above. */
  j: number;
  /** Backward synapse from j to i (Wᵀ entry for exact transport, else ψ). */
  b: number;
  v: number;
  /** f′(ā_j) at the frozen forward point (1 when f′ is switched off or the layer is linear). */
  d: number;
  product: number;
}

interface Common {
  layer: number;
  item: number;
  unit: number;
  v: number;
  /** Backprop's ∂Loss/∂x_i on the same batch (null before the reference arrives). */
  g: number | null;
  diff: number | null;
  /** The frozen feedforward activation x̄_i (what v starts from). */
  feedforward: number | null;
}

export interface HiddenExplanation extends Common {
  kind: 'hidden';
  above: number;
  /** The largest |B_ji v_j f′_j| first, at most `top` of them. */
  terms: Term[];
  /** Units of the layer above, and the terms not listed with their sum. */
  count: number;
  rest: { count: number; sum: number };
  /** Σ_j of every term: the local target. */
  target: number;
  eta: number;
  /** η (target − v): what the next parallel step adds to v. */
  stepChange: number;
}

export interface OutputExplanation extends Common {
  kind: 'output';
}

export type UnitExplanation = HiddenExplanation | OutputExplanation;

export interface ExplainInput {
  layerSizes: number[];
  selected: TracePoint;
  values: Float32Array[];
  reference: Float32Array[] | null;
  backward: (Float32Array | null)[] | null;
  derivative: (Float32Array | null)[] | null;
  feedforward: Float32Array[] | null;
  eta: number;
  fprime: boolean;
  top?: number;
}

export const TOP_TERMS = 6;

/** Null when the arrays needed are missing or do not fit the selection (e.g. mid-reconfigure). */
export function explainUnit(inp: ExplainInput): UnitExplanation | null {
  const { layerSizes, selected: p, values } = inp;
  const n = layerSizes[p.layer];
  const at = p.item * n + p.unit;
  const own = values[p.layer];
  if (n === undefined || !own || at >= own.length) return null;
  const v = own[at];
  const gArr = inp.reference?.[p.layer];
  const g = gArr && at < gArr.length ? gArr[at] : null;
  const ff = inp.feedforward?.[p.layer];
  const common: Common = {
    layer: p.layer,
    item: p.item,
    unit: p.unit,
    v,
    g,
    diff: g === null ? null : v - g,
    feedforward: ff && at < ff.length ? ff[at] : null,
  };
  const above = p.layer + 1;
  if (above >= layerSizes.length) return { kind: 'output', ...common };
  const m = layerSizes[above];
  const B = inp.backward?.[above];
  const vAbove = values[above];
  if (!B || !vAbove || B.length !== m * n || vAbove.length < (p.item + 1) * m) return null;
  const D = inp.fprime ? inp.derivative?.[above] : null;
  const all: Term[] = [];
  let target = 0;
  for (let j = 0; j < m; j++) {
    const b = B[j * n + p.unit];
    const vj = vAbove[p.item * m + j];
    const d = D ? D[p.item * m + j] : 1;
    const product = b * vj * d;
    target += product;
    all.push({ j, b, v: vj, d, product });
  }
  const top = Math.max(1, inp.top ?? TOP_TERMS);
  const terms = [...all].sort((a, c) => Math.abs(c.product) - Math.abs(a.product)).slice(0, top);
  const listed = new Set(terms.map((t) => t.j));
  const rest = all.filter((t) => !listed.has(t.j)).reduce((s, t) => s + t.product, 0);
  return {
    kind: 'hidden',
    ...common,
    above,
    terms,
    count: m,
    rest: { count: m - terms.length, sum: rest },
    target,
    eta: inp.eta,
    stepChange: inp.eta * (target - v),
  };
}
