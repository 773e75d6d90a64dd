// What goes to the page and when: rows gather in the Batcher, a batch goes out at most every POST_MS with
// at most MAX_IN_FLIGHT unacknowledged (back-pressure), and the full v_l read-back rides along only as
// often as it stays cheap.

import * as tf from '@tensorflow/tfjs';
import type { EventBody, TracePoint } from '../protocol';
import { Batcher } from './batcher';
import type { Session } from './session';

export const MAX_IN_FLIGHT = 2;
/** Minimum gap between batches while running (≈ 40 Hz). */
export const POST_MS = 25;
/** Acks missing this long are presumed lost (e.g. a batch the page rejected), so posting resumes. */
const ACK_TIMEOUT_MS = 2000;
/** Reading all v_l costs a sync: allow it at most this share of the time (every batch on wasm, a few
 *  times a second on software WebGL, where one read-back takes ~25 ms). */
const VALUES_SHARE = 0.1;

export interface BatchInfo {
  run: number;
  traces: TracePoint[];
  stepsPerSecond: number;
  recordEvery: number;
}

export class Outbox {
  readonly batcher = new Batcher();
  /** The unit values changed since they were last sent. */
  valuesDirty = false;
  private valuesCost = 0;
  private valuesAt = -Infinity;
  private seq = 0;
  private inFlight = 0;
  private lastPost = 0;

  constructor(private readonly post: (body: EventBody) => void) {}

  ack(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Post what has gathered unless the page is behind or a post was very recent; `force` (the run stopped)
   *  posts regardless, so the last steps precede the status event. Returns whether a batch went out. */
  flush(s: Session, info: BatchInfo, force: boolean): boolean {
    const now = performance.now();
    const valuesDue = this.valuesDirty && (force || now - this.valuesAt >= this.valuesCost / VALUES_SHARE);
    if (this.batcher.rows === 0 && !valuesDue) return false;
    if (!force && this.inFlight >= MAX_IN_FLIGHT && now - this.lastPost < ACK_TIMEOUT_MS) return false;
    if (!force && now - this.lastPost < POST_MS) return false;
    const { merged, ...series } = this.batcher.take();
    const values = valuesDue ? s.readValues() : null;
    if (valuesDue) {
      this.valuesDirty = false;
      this.valuesCost = performance.now() - now;
      this.valuesAt = now;
    }
    this.seq++;
    this.inFlight = now - this.lastPost >= ACK_TIMEOUT_MS ? 1 : this.inFlight + 1;
    this.lastPost = now;
    const diag = {
      stepsPerSecond: info.stepsPerSecond,
      recordEvery: info.recordEvery,
      numTensors: tf.memory().numTensors,
      merged,
    };
    this.post({
      type: 'batch',
      seq: this.seq,
      run: info.run,
      step: s.relax.step,
      layers: s.hidden.length,
      ...series,
      traces: info.traces,
      values,
      diag,
    });
    return true;
  }
}
