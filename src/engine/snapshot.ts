import * as tf from '@tensorflow/tfjs';
import { fail } from './errors';
import { Network, size, type LayerParams } from './network';
import { backwardShape, biasShape, weightShape } from './ops';
import { compileSpec, type NetworkSpec } from './spec';

export const SNAPSHOT_FORMAT = 'ar-explorer-network';
export const SNAPSHOT_VERSION = 1;

type Key = keyof LayerParams;
const KEYS: Key[] = ['w', 'b', 'learned', 'random'];

export interface NetworkSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  spec: NetworkSpec;
  /** Per layer: each tensor as a flat row-major list (null for ops without that tensor). */
  layers: { id: string; w: number[] | null; b: number[] | null; learned: number[] | null; random: number[] | null }[];
}

export function exportSnapshot(net: Network): NetworkSnapshot {
  const read = (t: tf.Tensor | null) => (t ? Array.from(t.dataSync()) : null);
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    spec: net.spec,
    layers: net.graph.layers.map((l, i) => {
      const p = net.layer(i);
      return { id: l.id, w: read(p.w), b: read(p.b), learned: read(p.learned), random: read(p.random) };
    }),
  };
}

/** Validate and build a network from a parsed snapshot (or JSON text). Throws an EngineError with code
 *  'invalid-snapshot' naming the first problem; nothing is allocated unless everything checks out. */
export function importSnapshot(data: unknown): Network {
  let snap: unknown = data;
  if (typeof data === 'string') {
    try {
      snap = JSON.parse(data);
    } catch (e) {
      fail('invalid-snapshot', `The file is not valid JSON (${(e as Error).message}).`);
    }
  }
  const s = snap as Partial<NetworkSnapshot>;
  if (!s || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT) fail('invalid-snapshot', 'This is not an AR Explorer network file.');
  if (s.version !== SNAPSHOT_VERSION) fail('invalid-snapshot', `Unsupported network file version ${s.version} (expected ${SNAPSHOT_VERSION}).`);
  let graph;
  try {
    graph = compileSpec(s.spec as NetworkSpec);
  } catch (e) {
    fail('invalid-snapshot', `The network description is invalid: ${(e as Error).message}`);
  }
  if (!Array.isArray(s.layers) || s.layers.length !== graph.layers.length)
    fail('invalid-snapshot', `Expected ${graph.layers.length} layers of parameters, found ${Array.isArray(s.layers) ? s.layers.length : 'none'}.`);
  const shapes = graph.layers.map((l) => ({ w: weightShape(l), b: biasShape(l), learned: backwardShape(l), random: backwardShape(l) }));
  s.layers.forEach((layer, i) => {
    const id = graph.layers[i].id;
    for (const key of KEYS) {
      const shape = shapes[i][key];
      const values = layer?.[key];
      if (!shape) {
        if (values != null) fail('invalid-snapshot', `Layer "${id}" has "${key}" values but takes none.`);
        continue;
      }
      if (!Array.isArray(values)) fail('invalid-snapshot', `Layer "${id}" is missing "${key}".`);
      if (values.length !== size(shape))
        fail('invalid-snapshot', `Layer "${id}" "${key}" has ${values.length} values; shape [${shape}] needs ${size(shape)}.`);
      const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
      if (bad >= 0) fail('invalid-snapshot', `Layer "${id}" "${key}" value ${bad} is not a finite number.`);
    }
  });
  const params = s.layers.map((layer, i): LayerParams => {
    const make = (key: Key) => {
      const shape = shapes[i][key];
      return shape ? tf.tensor(layer[key] as number[], shape) : null;
    };
    return { w: make('w'), b: make('b'), learned: make('learned'), random: make('random') };
  });
  return Network.fromParams(s.spec as NetworkSpec, params);
}


/** Every parameter of the network in one flat array (layer by layer, in the order w, b, learned, random):
 *  the training lab's checkpoints. Exact float32 copies, so a restored network continues bit for bit. */
export function packParams(net: Network): Float32Array {
  const parts = net.graph.layers.flatMap((_, i) => KEYS.flatMap((k) => net.layer(i)[k] ?? []));
  const out = new Float32Array(parts.reduce((n, t) => n + t.size, 0));
  let at = 0;
  for (const t of parts) {
    out.set(t.dataSync() as Float32Array, at);
    at += t.size;
  }
  return out;
}

/** Replace the network's parameters with packParams output of a network of the same spec. */
export function unpackParams(net: Network, flat: Float32Array): void {
  const shapes = net.graph.layers.map((_, i) => KEYS.map((k) => net.layer(i)[k]?.shape ?? null));
  const total = shapes.flat().reduce((n, s) => n + (s ? size(s) : 0), 0);
  if (flat.length !== total) fail('invalid-snapshot', `A checkpoint of this network holds ${total} values, got ${flat.length}.`);
  if (!flat.every(Number.isFinite)) fail('invalid-snapshot', 'The checkpoint holds NaN or infinite values.');
  let at = 0;
  shapes.forEach((layer, i) => {
    const next: Partial<LayerParams> = {};
    layer.forEach((shape, j) => {
      if (!shape) return;
      next[KEYS[j]] = tf.tensor(flat.slice(at, at + size(shape)), shape);
      at += size(shape);
    });
    net.setParams(i, next);
  });
}
