import * as tf from '@tensorflow/tfjs';
import { tidy } from './tidy';
import type { CompiledLayer } from './spec';

/** The linear part of a layer: a = op(inputs; w) + b. The activation is applied separately, so that the
 *  relaxation can multiply by f′ (or not) on its own terms. `forGrad`: this pass will be differentiated
 *  (dense then uses a gradient without transposed matMuls, see denseForGrad). */
export function linear(layer: CompiledLayer, inputs: tf.Tensor[], w: tf.Tensor | null, b: tf.Tensor | null, forGrad = false): tf.Tensor {
  const s = layer.spec;
  let a: tf.Tensor;
  switch (s.op) {
    case 'dense':
      a = forGrad
        ? denseForGrad(inputs[0] as tf.Tensor2D, w as tf.Tensor2D, layer.parents[0] < 0)
        : tf.matMul(inputs[0] as tf.Tensor2D, w as tf.Tensor2D);
      break;
    case 'conv2d':
      a = conv2d(inputs[0] as tf.Tensor4D, w as tf.Tensor4D, s.stride ?? 1, s.padding ?? 'valid');
      break;
    case 'maxPool':
      a = tf.maxPool(inputs[0] as tf.Tensor4D, s.size, s.stride ?? s.size, 'valid');
      break;
    case 'avgPool':
      a = tf.avgPool(inputs[0] as tf.Tensor4D, s.size, s.stride ?? s.size, 'valid');
      break;
    case 'flatten':
      a = tf.reshape(inputs[0], [inputs[0].shape[0], layer.outShape[0]]);
      break;
    case 'add':
      a = tf.add(inputs[0], inputs[1]);
      break;
  }
  return b ? tf.add(a, b) : a;
}

/** Forward weight shape, or null for ops without weights. */
export function weightShape(layer: CompiledLayer): number[] | null {
  const s = layer.spec;
  if (s.op === 'dense') return [layer.inShapes[0][0], s.units];
  if (s.op === 'conv2d') return [s.kernel, s.kernel, layer.inShapes[0][2], s.filters];
  return null;
}

export function biasShape(layer: CompiledLayer): number[] | null {
  return layer.bias ? [layer.outShape[layer.outShape.length - 1]] : null;
}

/** Backward weights are stored in the layout the backward pass multiplies by: for dense that is
 *  B = Wᵀ (n_out × n_in), because on wasm a transposed matMul is ~10× slower than a plain one.
 *  Conv kernels keep their own layout (the VJP is a transposed convolution with that kernel). */
export function toBackwardLayout(layer: CompiledLayer, w: tf.Tensor): tf.Tensor {
  return layer.spec.op === 'dense' ? tf.transpose(w) : tf.clone(w);
}

export function fromBackwardLayout(layer: CompiledLayer, bw: tf.Tensor): tf.Tensor {
  return layer.spec.op === 'dense' ? tf.transpose(bw) : bw;
}

export function backwardShape(layer: CompiledLayer): number[] | null {
  const ws = weightShape(layer);
  if (!ws) return null;
  return layer.spec.op === 'dense' ? [ws[1], ws[0]] : ws;
}

/**
 * Vector–Jacobian product of the layer's linear part with respect to each of its inputs, evaluated at
 * `point` (the inputs where the Jacobian is taken: frozen x̄, or the relaxing values), with the
 * forward weights replaced by the backward weights `bw`. This is the single rule every op relaxes by.
 */
export function vjp(layer: CompiledLayer, dy: tf.Tensor, point: tf.Tensor[], bw: tf.Tensor | null): tf.Tensor[] {
  if (layer.spec.op === 'dense') return [tf.matMul(dy as tf.Tensor2D, bw as tf.Tensor2D)];
  if (layer.spec.op === 'flatten') return [tf.reshape(dy, point[0].shape)];
  if (layer.spec.op === 'add') return [dy, dy];
  if (layer.spec.op === 'conv2d') {
    const { stride = 1, padding = 'valid' } = layer.spec;
    const x = point[0] as tf.Tensor4D;
    return [tf.conv2dTranspose(dy as tf.Tensor4D, bw as tf.Tensor4D, x.shape, stride, padding)];
  }
  return vjpGeneric(layer, dy, point, bw);
}

/** The general path: TF.js autodiff of the op itself. Dense/conv/flatten/add above are fast paths that a
 *  test proves equal to this. */
export function vjpGeneric(layer: CompiledLayer, dy: tf.Tensor, point: tf.Tensor[], bw: tf.Tensor | null): tf.Tensor[] {
  return tf.tidy(() => {
    const w = bw ? fromBackwardLayout(layer, bw) : null;
    return tf.grads((...xs: tf.Tensor[]) => linear(layer, xs, w, null))(point, dy);
  });
}

/** Gradient of Σ(dy ⊙ a) with respect to the weights and bias, with the inputs at `point`.
 *  For dense, `inputT` may carry the pre-transposed frozen input (x̄ᵀ) to avoid a transposed matMul. */
export function weightGrad(
  layer: CompiledLayer,
  dy: tf.Tensor,
  point: tf.Tensor[],
  w: tf.Tensor,
  inputT?: tf.Tensor,
): { dw: tf.Tensor; db: tf.Tensor | null } {
  return tidy(() => {
    const db = layer.bias ? tf.sum(dy, dy.shape.slice(0, -1).map((_, i) => i)) : null;
    if (layer.spec.op === 'dense') {
      const xT = inputT ?? tf.transpose(point[0]);
      return { dw: tf.matMul(xT as tf.Tensor2D, dy as tf.Tensor2D), db };
    }
    return { dw: weightGradGeneric(layer, dy, point, w), db };
  });
}

export function weightGradGeneric(layer: CompiledLayer, dy: tf.Tensor, point: tf.Tensor[], w: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.grad((wv: tf.Tensor) => linear(layer, point, wv, null))(w, dy));
}

/**
 * x·w whose gradient is computed with explicit transposes and plain matMuls: TF.js's own matMul gradient
 * multiplies by transposed operands, which tfjs-wasm runs 10–20× slower than a plain matMul (30 ms vs
 * 3.5 ms for the paper's first layer), and that made the autodiff reference the costliest part of a
 * training batch. `dataInput`: x is the network input, so no gradient flows to it and none is computed.
 * A test checks these gradients against TF.js's built-in ones.
 */
export function denseForGrad(x: tf.Tensor2D, w: tf.Tensor2D, dataInput: boolean): tf.Tensor2D {
  const dw = (xs: tf.Tensor2D, dy: tf.Tensor2D) => tf.matMul(tf.transpose(xs), dy);
  if (dataInput) {
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const wi = args[0] as tf.Tensor2D;
      return { value: tf.matMul(x, wi), gradFunc: (dy: tf.Tensor) => [dw(x, dy as tf.Tensor2D)] };
    });
    return op(w) as tf.Tensor2D;
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([xi, wi]);
    return {
      value: tf.matMul(xi, wi),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws)), dw(xs, dy as tf.Tensor2D)];
      },
    };
  });
  return op(x, w) as tf.Tensor2D;
}

/**
 * conv2d whose filter gradient is itself a (dilated) convolution: tfjs-wasm registers no
 * Conv2DBackpropFilter kernel, so autodiff through tf.conv2d fails there. A test checks this against the
 * native kernel on the cpu backend.
 */
function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, padding: 'same' | 'valid'): tf.Tensor4D {
  // customGrad's typing takes rest args of Tensor | GradSaveFunc; the order is (x, w, save).
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, wi]);
    return {
      value: tf.conv2d(xi, wi, stride, padding),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [
          tf.conv2dTranspose(dy as tf.Tensor4D, ws, xs.shape, stride, padding),
          conv2dFilterGrad(xs, dy as tf.Tensor4D, ws.shape[0], stride, padding),
        ];
      },
    };
  });
  return op(x, w) as tf.Tensor4D;
}

/** ∂/∂W of Σ dy ⊙ conv2d(x, W): dW[i,j,c,o] = Σ_b,p,q x[b, p·s+i, q·s+j, c] dy[b,p,q,o], computed as a
 *  convolution of x (channels as batch) with dy (batch as channels), dilated by the stride. */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, stride: number, padding: 'same' | 'valid'): tf.Tensor4D {
  return tf.tidy(() => {
    let xp = x;
    if (padding === 'same') {
      // The same split TF uses: the extra pixel (if any) goes after.
      const pad = (n: number, out: number) => Math.max((out - 1) * stride + k - n, 0);
      const ph = pad(x.shape[1], dy.shape[1]);
      const pw = pad(x.shape[2], dy.shape[2]);
      xp = tf.pad(x, [[0, 0], [Math.floor(ph / 2), ph - Math.floor(ph / 2)], [Math.floor(pw / 2), pw - Math.floor(pw / 2)], [0, 0]]);
    }
    const xT = tf.transpose(xp, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', stride);
    return tf.transpose(tf.slice(full, [0, 0, 0, 0], [-1, k, k, -1]), [1, 2, 0, 3]);
  });
}
