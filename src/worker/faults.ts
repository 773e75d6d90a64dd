// Test-only fault injection (reachable only through the confirmed __fault command, which the client sends
// only under ?debug): crash the worker, or lose the WebGL context the way a GPU reset would.

import type { FaultKind } from '../protocol';

/** Returns a reason when the fault cannot be injected here, else null. */
export function injectFault(kind: FaultKind, gl: WebGL2RenderingContext | null): string | null {
  console.warn(`[worker] test fault injected: ${kind}`);
  if (kind === 'crash') {
    // Thrown from a timer, so it is uncaught and reaches the page as the worker's error event.
    setTimeout(() => {
      throw new Error('Injected worker crash (test fault).');
    });
    return null;
  }
  const ext = gl?.getExtension('WEBGL_lose_context');
  if (!ext) return 'There is no WebGL context to lose on this backend.';
  ext.loseContext();
  return null;
}
