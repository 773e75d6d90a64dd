// A RunLoop in Node with a fake host: every posted event is validated (as the page would) and recorded;
// batches are acknowledged unless told otherwise.

import { command, parseEvent, type CommandBody, type EventOf, type WorkerEvent } from '../../src/protocol';
import { RunLoop } from '../../src/worker/loop';

export function harness(autoAck = true) {
  const events: WorkerEvent[] = [];
  const waiters: (() => void)[] = [];
  const loop: RunLoop = new RunLoop({
    baseUrl: 'http://localhost/',
    post: (ev) => {
      const parsed = parseEvent(ev);
      if (!parsed.ok) throw new Error(`the loop posted an invalid event: ${parsed.reason}`);
      events.push(ev);
      if (autoAck && ev.type === 'batch') loop.receive(command({ type: 'ack', seq: ev.seq }));
      waiters.splice(0).forEach((w) => w());
    },
  });
  const send = (body: CommandBody) => loop.receive(command(body));
  const waitFor = async <T extends WorkerEvent['type']>(
    type: T,
    pred: (e: EventOf<T>) => boolean = () => true,
    timeout = 20_000,
  ) => {
    const end = Date.now() + timeout;
    for (let seen = 0; ;) {
      for (; seen < events.length; seen++) {
        const e = events[seen];
        if (e.type === type && pred(e as EventOf<T>)) return e as EventOf<T>;
      }
      if (Date.now() > end) throw new Error(`no ${type} event within ${timeout} ms`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { events, send, waitFor };
}
