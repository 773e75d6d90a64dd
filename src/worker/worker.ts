// Worker entry: validate each command at the boundary, hand it to the run loop. Nothing else lives here.

import { parseCommand, PROTOCOL_VERSION } from '../protocol';
import { RunLoop } from './loop';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const loop = new RunLoop({
  post: (ev, transfer) => scope.postMessage(ev, transfer),
  // Data files live under the site root; a worker's own URL is inside assets/.
  baseUrl: new URL(import.meta.env.BASE_URL, scope.location.href).href,
});

scope.onmessage = (e: MessageEvent) => {
  const parsed = parseCommand(e.data);
  if (!parsed.ok) {
    console.warn(`[worker] rejected a message: ${parsed.reason}`);
    scope.postMessage({
      v: PROTOCOL_VERSION,
      type: 'error',
      code: 'bad-message',
      message: parsed.reason,
      fatal: false,
    });
    return;
  }
  loop.receive(parsed.value);
};
