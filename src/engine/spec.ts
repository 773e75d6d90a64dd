import { check, fail } from './errors';

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear', 'leakyRelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const LOSSES = ['sse', 'softmaxCE'] as const;
/** sse: summed squared error Σ(x_L − y)². softmaxCE: softmax cross-entropy on x_L, summed over the batch. */
export type LossKind = (typeof LOSSES)[number];

export interface InitSpec {
  /** Standard deviation of the N(0, σ²) weight initialisation (authors' default 0.05). */
  sigma: number;
  seed: number;
}

/** The common case: a multilayer perceptron. `activations[l-1]` is f_l for layer l = 1..L. */
export interface MlpSpec {
  kind: 'mlp';
  sizes: number[];
  activations: Activation[];
  bias: boolean;
  loss: LossKind;
  init: InitSpec;
}

/** One op of a computation graph. `input` defaults to the previous layer (or the network input). */
export type LayerSpec =
  | { op: 'dense'; id: string; input?: string; units: number; activation: Activation; bias?: boolean }
  | {
      op: 'conv2d';
      id: string;
      input?: string;
      filters: number;
      kernel: number;
      stride?: number;
      padding?: 'same' | 'valid';
      activation: Activation;
      bias?: boolean;
    }
  | { op: 'maxPool' | 'avgPool'; id: string; input?: string; size: number; stride?: number }
  | { op: 'flatten'; id: string; input?: string }
  | { op: 'add'; id: string; inputs: [string, string]; activation?: Activation };

/** A DAG of ops; the last layer is the output. */
export interface GraphSpec {
  kind: 'graph';
  /** Input shape without the batch dimension: [features] or [height, width, channels]. */
  input: number[];
  layers: LayerSpec[];
  bias: boolean;
  loss: LossKind;
  init: InitSpec;
}

export type NetworkSpec = MlpSpec | GraphSpec;

/** A validated layer with resolved parents and shapes; `index` is its position in topological order. */
export interface CompiledLayer {
  spec: LayerSpec;
  id: string;
  index: number;
  /** Parent node indices; -1 is the network input x_0. */
  parents: number[];
  activation: Activation;
  inShapes: number[][];
  outShape: number[];
  bias: boolean;
}

export interface CompiledGraph {
  inputShape: number[];
  layers: CompiledLayer[];
  /** children[i] = indices of layers that consume layer i's output. */
  children: number[][];
  loss: LossKind;
  init: InitSpec;
}

export const INPUT_ID = 'input';

export function mlpSpec(
  sizes: number[],
  opts: Partial<Omit<MlpSpec, 'kind' | 'sizes' | 'activations'>> & { hidden?: Activation; output?: Activation } = {},
): MlpSpec {
  const hidden = opts.hidden ?? 'tanh';
  const output = opts.output ?? 'linear';
  const L = sizes.length - 1;
  return {
    kind: 'mlp',
    sizes,
    activations: Array.from({ length: Math.max(L, 0) }, (_, i) => (i === L - 1 ? output : hidden)),
    bias: opts.bias ?? true,
    loss: opts.loss ?? 'sse',
    init: opts.init ?? { sigma: 0.05, seed: 1 },
  };
}

/** Turn an MLP into the general graph form: the relaxation loop only ever sees graphs. */
export function toGraph(spec: NetworkSpec): GraphSpec {
  if (spec.kind === 'graph') return spec;
  check(Array.isArray(spec.sizes) && spec.sizes.length >= 2, 'invalid-spec', 'An MLP needs at least an input and an output size.');
  check(
    Array.isArray(spec.activations) && spec.activations.length === spec.sizes.length - 1,
    'invalid-spec',
    `An MLP with ${spec.sizes.length - 1} layers needs ${spec.sizes.length - 1} activations, got ${spec.activations?.length}.`,
  );
  return {
    kind: 'graph',
    input: [spec.sizes[0]],
    layers: spec.sizes.slice(1).map((units, i) => ({
      op: 'dense' as const,
      id: `layer${i + 1}`,
      units,
      activation: spec.activations[i],
    })),
    bias: spec.bias,
    loss: spec.loss,
    init: spec.init,
  };
}

const positiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

export function compileSpec(spec: NetworkSpec): CompiledGraph {
  check(spec !== null && typeof spec === 'object', 'invalid-spec', 'The network spec must be an object.');
  const graph = toGraph(spec);
  check((LOSSES as readonly string[]).includes(graph.loss), 'invalid-spec', `Unknown loss "${graph.loss}".`);
  check(
    graph.init && Number.isFinite(graph.init.sigma) && graph.init.sigma > 0,
    'invalid-spec',
    `Initial weight σ must be a positive number, got ${graph.init?.sigma}.`,
  );
  check(Number.isInteger(graph.init.seed), 'invalid-spec', `Seed must be an integer, got ${graph.init.seed}.`);
  check(
    Array.isArray(graph.input) && graph.input.length > 0 && graph.input.every(positiveInt),
    'invalid-spec',
    `Input shape must be positive integers, got [${graph.input}].`,
  );
  check(Array.isArray(graph.layers) && graph.layers.length > 0, 'invalid-spec', 'The network has no layers.');

  const ids = new Map<string, number>([[INPUT_ID, -1]]);
  const shapeOf = (i: number, layers: CompiledLayer[]) => (i < 0 ? graph.input : layers[i].outShape);
  const layers: CompiledLayer[] = [];
  graph.layers.forEach((ls, index) => {
    check(typeof ls.id === 'string' && ls.id.length > 0, 'invalid-spec', `Layer ${index + 1} has no id.`);
    check(!ids.has(ls.id), 'invalid-spec', `Layer id "${ls.id}" is used twice.`);
    const parentIds = ls.op === 'add' ? ls.inputs : [ls.input ?? (index === 0 ? INPUT_ID : graph.layers[index - 1].id)];
    const parents = parentIds.map((pid) => {
      const p = ids.get(pid);
      check(p !== undefined, 'invalid-spec', `Layer "${ls.id}" reads "${pid}", which is not an earlier layer.`);
      return p;
    });
    const inShapes = parents.map((p) => shapeOf(p, layers));
    const activation = 'activation' in ls && ls.activation ? ls.activation : 'linear';
    check((ACTIVATIONS as readonly string[]).includes(activation), 'invalid-spec', `Layer "${ls.id}": unknown activation "${activation}".`);
    const bias = (ls.op === 'dense' || ls.op === 'conv2d') && (ls.bias ?? graph.bias);
    layers.push({ spec: ls, id: ls.id, index, parents, activation, inShapes, outShape: outShape(ls, inShapes), bias });
    ids.set(ls.id, index);
  });

  const children: number[][] = layers.map(() => []);
  for (const layer of layers) for (const p of layer.parents) if (p >= 0) children[p].push(layer.index);
  const out = layers.length - 1;
  layers.forEach((layer, i) =>
    check(i === out || children[i].length > 0, 'invalid-spec', `Layer "${layer.id}" feeds nothing: every layer must lead to the output.`),
  );
  check(layers[out].outShape.length === 1, 'invalid-spec', 'The output layer must produce a flat vector (add a flatten/dense layer).');
  return { inputShape: graph.input, layers, children, loss: graph.loss, init: graph.init };
}

function outShape(ls: LayerSpec, inShapes: number[][]): number[] {
  const [s] = inShapes;
  switch (ls.op) {
    case 'dense':
      check(positiveInt(ls.units), 'invalid-spec', `Layer "${ls.id}": units must be a positive integer, got ${ls.units}.`);
      check(s.length === 1, 'invalid-spec', `Dense layer "${ls.id}" needs a flat input, got shape [${s}] (add a flatten layer).`);
      return [ls.units];
    case 'conv2d': {
      check(s.length === 3, 'invalid-spec', `Conv layer "${ls.id}" needs a [height, width, channels] input, got [${s}].`);
      check(positiveInt(ls.filters) && positiveInt(ls.kernel), 'invalid-spec', `Conv layer "${ls.id}": filters and kernel must be positive integers.`);
      const stride = ls.stride ?? 1;
      check(positiveInt(stride), 'invalid-spec', `Conv layer "${ls.id}": stride must be a positive integer.`);
      return [...spatial(s, ls.kernel, stride, ls.padding ?? 'valid', ls.id), ls.filters];
    }
    case 'maxPool':
    case 'avgPool': {
      check(s.length === 3, 'invalid-spec', `Pool layer "${ls.id}" needs a [height, width, channels] input, got [${s}].`);
      check(positiveInt(ls.size), 'invalid-spec', `Pool layer "${ls.id}": size must be a positive integer.`);
      return [...spatial(s, ls.size, ls.stride ?? ls.size, 'valid', ls.id), s[2]];
    }
    case 'flatten':
      return [s.reduce((a, b) => a * b, 1)];
    case 'add':
      check(
        inShapes.length === 2 && inShapes[0].join() === inShapes[1].join(),
        'invalid-spec',
        `Add layer "${ls.id}" needs two inputs of the same shape, got [${inShapes[0]}] and [${inShapes[1]}].`,
      );
      return [...s];
    default:
      return fail('invalid-spec', `Unknown op "${(ls as { op: string }).op}".`);
  }
}

function spatial(s: number[], k: number, stride: number, padding: 'same' | 'valid', id: string): [number, number] {
  const dim = (n: number) => (padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - k) / stride) + 1);
  const h = dim(s[0]);
  const w = dim(s[1]);
  check(h > 0 && w > 0, 'invalid-spec', `Layer "${id}": a ${k}×${k} window does not fit the ${s[0]}×${s[1]} input.`);
  return [h, w];
}

export function layerSizeSummary(g: CompiledGraph): string {
  return [g.inputShape.join('×'), ...g.layers.map((l) => l.outShape.join('×'))].join('-');
}
