// A task that runs as soon as the event loop is free, without setTimeout(0)'s clamp: nested timeouts wait
// ≥ 4 ms each, which between 40-ms slices of work would idle the worker ~10 % of the time. Commands and
// acks still get their turn between two such tasks.

export interface Immediate {
  /** Queue the task once (a second request before it ran does nothing). */
  request(): void;
  readonly pending: boolean;
}

export function immediate(fn: () => void): Immediate {
  let pending = false;
  const run = () => {
    pending = false;
    fn();
  };
  // Node (unit tests) drains a MessagePort without letting timers run in between; setImmediate does not
  // starve them there. Browsers have no setImmediate and interleave MessageChannel tasks fairly.
  const { setImmediate } = globalThis as { setImmediate?: (fn: () => void) => void };
  const channel = setImmediate ? null : new MessageChannel();
  if (channel) channel.port1.onmessage = run;
  return {
    request() {
      if (pending) return;
      pending = true;
      if (setImmediate) setImmediate(run);
      else channel!.port2.postMessage(null);
    },
    get pending() {
      return pending;
    },
  };
}
