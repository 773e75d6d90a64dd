// The chain-rule inspector's arithmetic, from recorded arrays only (no tfjs, no recomputation of the run):
// for hidden unit i of layer l at one recorded step,
//     target_i = Σ_children Σ_j B_ji (v_j ⊙ f′_j)   (dense child: B stored n_child × n_l; an add or flatten
//                                                     child passes unit i straight through, B = 1)
//     v_i ← v_i + η (target_i − v_i)
// and, for comparison only, backprop's g_i. The output layer is clamped to e_L. A convolution or pooling
// child's term is its vector-Jacobian product, which needs the kernels the worker keeps: 'opaque'.

import type { LayerInfo, TracePoint } from '../../protocol';

export interface Term {
  /** The child layer the term comes through, and its unit. */
  from: number;
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
  /** The layers that take this unit's layer as input (one for an MLP). */
  children: number[];
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

/** A unit whose target runs through a convolution or pooling child (computed in the worker). */
export interface OpaqueExplanation extends Common {
  kind: 'opaque';
  children: number[];
  ops: string[];
}

export type UnitExplanation = HiddenExplanation | OutputExplanation | OpaqueExplanation;

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
  /** The graph (parents per layer); without it layer l + 1 is the only child, as in an MLP. */
  graph?: Pick<LayerInfo, 'op' | 'parents'>[];
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
  const L = layerSizes.length;
  if (p.layer === L - 1) return { kind: 'output', ...common };
  const graph = inp.graph;
  const children = graph ? graph.flatMap((g, c) => (g.parents.includes(p.layer) ? [c] : [])) : [p.layer + 1];
  const ops = children.map((c) => graph?.[c].op ?? 'dense');
  if (ops.some((op) => op !== 'dense' && op !== 'add' && op !== 'flatten'))
    return { kind: 'opaque', ...common, children, ops };
  const all: Term[] = [];
  let target = 0;
  for (const c of children) {
    const m = layerSizes[c];
    const vc = values[c];
    if (!vc || vc.length < (p.item + 1) * m) return null;
    const D = inp.fprime ? inp.derivative?.[c] : null;
    const dense = (graph?.[c].op ?? 'dense') === 'dense';
    const B = dense ? inp.backward?.[c] : null;
    if (dense && (!B || B.length !== m * n)) return null;
    // A dense child sums over its units; an add or flatten child hands unit i straight back (B = 1).
    const units = dense ? Array.from({ length: m }, (_, j) => j) : [p.unit];
    for (const j of units) {
      const b = B ? B[j * n + p.unit] : 1;
      const vj = vc[p.item * m + j];
      const d = D ? D[p.item * m + j] : 1;
      const product = b * vj * d;
      target += product;
      all.push({ from: c, j, b, v: vj, d, product });
    }
  }
  const top = Math.max(1, inp.top ?? TOP_TERMS);
  const terms = [...all].sort((a, c) => Math.abs(c.product) - Math.abs(a.product)).slice(0, top);
  const listed = new Set(terms);
  const rest = all.filter((t) => !listed.has(t)).reduce((s, t) => s + t.product, 0);
  return {
    kind: 'hidden',
    ...common,
    children,
    terms,
    count: all.length,
    rest: { count: all.length - terms.length, sum: rest },
    target,
    eta: inp.eta,
    stepChange: inp.eta * (target - v),
  };
}
