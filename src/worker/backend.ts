/// <reference types="vite/client" />
// Backend selection inside the worker: webgl (WebGL2 on an OffscreenCanvas) → wasm → cpu. On a software
// renderer WebGL is ~10× slower than wasm for this workload, so 'auto' prefers wasm there.

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendChoice, type BackendInfo, type BackendName } from '../protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// Skip tfjs's debug-mode checks (they read every kernel's output back).
tf.enableProdMode();

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The WebGL renderer string, read from a throwaway WebGL2 context; '' without WebGL2 in the worker. */
export function probeRenderer(): { renderer: string; software: boolean } {
  try {
    if (typeof OffscreenCanvas === 'undefined') return { renderer: '', software: false };
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { renderer: '', software: false };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    return { renderer, software: SOFTWARE.test(renderer) };
  } catch {
    return { renderer: '', software: false };
  }
}

/** Backends to try, best first, for a choice. A forced backend is tried first; the rest follow as fallbacks. */
export function backendOrder(
  choice: BackendChoice,
  software: boolean,
  exclude: readonly BackendName[] = [],
): BackendName[] {
  const base: BackendName[] = choice === 'auto' && software ? ['wasm', 'webgl', 'cpu'] : [...BACKENDS];
  const order = choice === 'auto' ? base : [choice, ...base.filter((b) => b !== choice)];
  const kept = order.filter((b) => !exclude.includes(b));
  return kept.length ? kept : ['cpu'];
}

async function trySet(name: BackendName): Promise<boolean> {
  try {
    // Without this, tfjs refuses SwiftShader (failIfMajorPerformanceCaveat); it must be set before the
    // webgl backend first looks for a context.
    if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    // A backend can initialise yet fail on first use (e.g. a broken GL driver): run one tiny op.
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.ones([2, 2]), 2)).dataSync()[0]);
    return probe === 8;
  } catch {
    return false;
  }
}

export interface SelectedBackend extends BackendInfo {
  /** The WebGL canvas, for context-loss events (webgl only). */
  canvas: OffscreenCanvas | null;
  gl: WebGL2RenderingContext | null;
}

export async function selectBackend(
  choice: BackendChoice,
  exclude: readonly BackendName[] = [],
): Promise<SelectedBackend> {
  const { renderer, software } = probeRenderer();
  for (const name of backendOrder(choice, software, exclude)) {
    if (!(await trySet(name))) continue;
    const gl = name === 'webgl' ? webglContext() : null;
    return {
      backend: name,
      renderer,
      software,
      detail: await describe(name, software),
      canvas: gl ? (gl.canvas as OffscreenCanvas) : null,
      gl,
    };
  }
  throw new Error('No TF.js backend could be initialised (tried webgl, wasm and cpu).');
}

function webglContext(): WebGL2RenderingContext | null {
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
  return backend.gpgpu?.gl ?? null;
}

async function describe(name: BackendName, software: boolean): Promise<string> {
  if (name === 'webgl') return software ? 'WebGL2, software renderer' : 'WebGL2, GPU';
  if (name === 'cpu') return 'plain JavaScript';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `WebAssembly${simd ? ', SIMD' : ''}${threads ? ', threads' : ''}`;
}
