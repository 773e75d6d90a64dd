import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** Unit tests run the engine on the wasm backend (float32, like the browser), falling back to cpu. */
export async function startTestBackend(): Promise<string> {
  const wanted = process.env.AR_TEST_BACKEND ?? 'wasm';
  if (!(await tf.setBackend(wanted))) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
