// What goes to the page and when: rows gather in the Batcher, a batch goes out at most every POST_MS with
// at most MAX_IN_FLIGHT unacknowledged (back-pressure), and the full v_l read-back rides along only as
// often as it stays cheap. At human speeds the loop keeps the state of every step (keepState), so the
// timeline can scrub step by step; those states ride in the next batch. The weight-update angles cost a
// read-back too, and go out a few times a second at most.

import * as tf from '@tensorflow/tfjs';
import type { RunResult } from '../engine';
import { MAX_SNAPSHOTS, type EventBody, type StateSnapshot, type TracePoint } from '../protocol';
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
/** Update angles at most this often, and at most this share of the time. */
const ANGLES_MS = 250;
const ANGLES_SHARE = 0.1;

export interface BatchInfo {
  run: number;
  traces: TracePoint[];
  stepsPerSecond: number;
  recordEvery: number;
  /** Least time between two read-backs of the full state (the page shows no more than that). */
  valuesGapMs: number;
}

export class Outbox {
  readonly batcher = new Batcher();
  /** The unit values changed since they were last sent. */
  valuesDirty = false;
  /** The state (or an option AR's update depends on) changed since the angles were last measured. */
  anglesDirty = false;
  /** Milliseconds one read-back of every v_l took, last time. */
  valuesCost = 0;
  private valuesAt = -Infinity;
  private anglesCost = 0;
  private anglesAt = -Infinity;
  /** States kept step by step since the last batch (oldest first). */
  private states: StateSnapshot[] = [];
  private seq = 0;
  private inFlight = 0;
  private lastPost = 0;

  constructor(private readonly post: (body: EventBody) => void) {}

  ack(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Gather what a run of steps produced; `keep` also keeps the new state (see keepState). */
  took(s: Session, res: RunResult, keep: boolean): void {
    if (res.record) this.batcher.add(res.record);
    if (res.steps > 0 || res.record) this.valuesDirty = this.anglesDirty = true;
    if (keep && res.steps > 0) this.keepState(s);
  }

  /** Read and keep the current state for the next batch (human speeds: every step goes to the timeline).
   *  Past MAX_SNAPSHOTS (the page is not acknowledging) every other state is dropped, newest kept. */
  keepState(s: Session): void {
    const t0 = performance.now();
    const values = s.readValues();
    this.noteValuesCost(performance.now() - t0);
    this.valuesDirty = false;
    this.states.push({ step: s.relax.step, values });
    if (this.states.length > MAX_SNAPSHOTS) {
      const n = this.states.length;
      this.states = this.states.filter((_, i) => (n - 1 - i) % 2 === 0);
    }
  }

  /** Smoothed, so that one slow read (a GC pause, a busy machine) does not switch per-step states off. */
  private noteValuesCost(ms: number): void {
    this.valuesCost = this.valuesCost > 0 ? 0.8 * this.valuesCost + 0.2 * ms : ms;
  }

  /** Forget rows and kept states (a new run). */
  clear(layers: number, traces: number): void {
    this.batcher.clear(layers, traces);
    this.states = [];
    this.valuesDirty = true;
    this.anglesDirty = true;
  }

  /** Post what has gathered unless the page is behind or a post was very recent; `force` (the run stopped)
   *  posts regardless, so the last steps precede the status event. Returns whether a batch went out. */
  flush(s: Session, info: BatchInfo, force: boolean): boolean {
    const now = performance.now();
    const valuesDue =
      this.valuesDirty &&
      (force || now - this.valuesAt >= Math.max(this.valuesCost / VALUES_SHARE, info.valuesGapMs));
    const anglesDue =
      this.anglesDirty &&
      (force || now - this.anglesAt >= Math.max(ANGLES_MS, this.anglesCost / ANGLES_SHARE));
    if (this.batcher.rows === 0 && !valuesDue && !anglesDue && this.states.length === 0) return false;
    if (!force && this.inFlight >= MAX_IN_FLIGHT && now - this.lastPost < ACK_TIMEOUT_MS) return false;
    if (!force && now - this.lastPost < POST_MS) return false;
    const { merged, ...series } = this.batcher.take();
    const step = s.relax.step;
    const snapshots = this.states.filter((st) => st.step < step);
    const newest = this.states.find((st) => st.step === step);
    this.states = [];
    let values = newest?.values ?? null;
    if (!values && (valuesDue || snapshots.length)) {
      values = s.readValues();
      this.noteValuesCost(performance.now() - now);
    }
    if (values) {
      this.valuesDirty = false;
      this.valuesAt = now;
    }
    let updateAngles: number[] | null = null;
    if (anglesDue) {
      const t0 = performance.now();
      updateAngles = s.updateAngles();
      this.anglesCost = performance.now() - t0;
      this.anglesAt = now;
      this.anglesDirty = false;
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
      step,
      layers: s.hidden.length,
      ...series,
      traces: info.traces,
      values,
      snapshots,
      updateAngles,
      diag,
    });
    return true;
  }
}
