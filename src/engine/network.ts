import * as tf from '@tensorflow/tfjs';
import { check } from './errors';
import { backwardShape, biasShape, toBackwardLayout, weightShape } from './ops';
import { derivedRandom } from './random';
import { compileSpec, type CompiledGraph, type NetworkSpec } from './spec';

/** Where the backward pass gets its weights: exact transport (Wᵀ), a learned ψ, or a fixed random ψ. */
export type Feedback = 'exact' | 'learned' | 'random';

export interface LayerParams {
  w: tf.Tensor | null;
  b: tf.Tensor | null;
  /** Learned backward weights ψ, in backward layout; updated with the transposed weight update. */
  learned: tf.Tensor | null;
  /** Fixed random backward weights, in backward layout; never updated. */
  random: tf.Tensor | null;
}

/** Weights of a network. Owns its tensors: replace them through `setParams`, release with `dispose`. */
export class Network {
  readonly spec: NetworkSpec;
  readonly graph: CompiledGraph;
  private params: LayerParams[];
  /** Wᵀ per layer, built lazily and dropped whenever W changes. */
  private exactCache: (tf.Tensor | null)[];
  private disposed = false;

  private constructor(spec: NetworkSpec, graph: CompiledGraph, params: LayerParams[]) {
    this.spec = spec;
    this.graph = graph;
    this.params = params;
    this.exactCache = params.map(() => null);
  }

  /** Seeded initialisation: W ~ N(0, σ²), b = 0, ψ (learned and random) ~ N(0, σ²), each from its own stream. */
  static create(spec: NetworkSpec): Network {
    const graph = compileSpec(spec);
    const { sigma, seed } = graph.init;
    const params = graph.layers.map((layer): LayerParams => {
      const ws = weightShape(layer);
      const bs = biasShape(layer);
      const bws = backwardShape(layer);
      const draw = (label: string, shape: number[]) =>
        tf.tensor(derivedRandom(seed, `${label}:${layer.id}`).normalArray(size(shape), sigma), shape);
      return {
        w: ws ? draw('weights', ws) : null,
        b: bs ? tf.zeros(bs) : null,
        learned: bws ? draw('learned-feedback', bws) : null,
        random: bws ? draw('random-feedback', bws) : null,
      };
    });
    return new Network(spec, graph, params);
  }

  /** Build from explicit parameters (snapshot import); takes ownership of the tensors. */
  static fromParams(spec: NetworkSpec, params: LayerParams[]): Network {
    const graph = compileSpec(spec);
    check(params.length === graph.layers.length, 'shape-mismatch', 'Parameter count does not match the layers.');
    return new Network(spec, graph, params);
  }

  get layerCount(): number {
    return this.graph.layers.length;
  }

  layer(i: number): Readonly<LayerParams> {
    this.assertAlive();
    return this.params[i];
  }

  /** Backward weights of layer i in backward layout (null for ops without weights). */
  backward(i: number, feedback: Feedback): tf.Tensor | null {
    this.assertAlive();
    const p = this.params[i];
    if (!p.w) return null;
    if (feedback === 'learned') return p.learned;
    if (feedback === 'random') return p.random;
    let cached = this.exactCache[i];
    if (!cached) {
      cached = tf.keep(toBackwardLayout(this.graph.layers[i], p.w));
      this.exactCache[i] = cached;
    }
    return cached;
  }

  /** Replace some of layer i's tensors; the old ones are disposed. */
  setParams(i: number, next: Partial<LayerParams>): void {
    this.assertAlive();
    const p = this.params[i];
    for (const key of ['w', 'b', 'learned', 'random'] as const) {
      const t = next[key];
      if (t === undefined || t === p[key]) continue;
      p[key]?.dispose();
      p[key] = t;
    }
    if (next.w !== undefined) {
      this.exactCache[i]?.dispose();
      this.exactCache[i] = null;
    }
  }

  clone(): Network {
    this.assertAlive();
    const c = (t: tf.Tensor | null) => (t ? tf.keep(t.clone()) : null);
    return new Network(
      this.spec,
      this.graph,
      this.params.map((p) => ({ w: c(p.w), b: c(p.b), learned: c(p.learned), random: c(p.random) })),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    for (const p of this.params) for (const t of [p.w, p.b, p.learned, p.random]) t?.dispose();
    for (const t of this.exactCache) t?.dispose();
    this.disposed = true;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private assertAlive(): void {
    check(!this.disposed, 'disposed', 'This network has been disposed.');
  }
}

export function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
