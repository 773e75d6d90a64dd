// When to step and how many steps per tick. Finite speeds accrue "step credit" over wall time (1 step/s
// gets one step per second from a timer); max speed and Step(n) fill a tick of ~20 ms and yield through a
// MessageChannel (setTimeout(0) is clamped to ≥ 4 ms once nested), so commands such as pause and acks are
// handled between ticks. A tick costs msTick (read-back) + k · per-step; where the read-back alone is slow
// (software WebGL: ~25 ms per sync) ticks stretch to 2 × msTick so at least half the time is stepping.

import { HUMAN_SPEED, type Speed } from '../protocol';
import type { Calibration } from './session';
import { immediate } from './immediate';
import { TickModel } from './tickModel';

/** Compute time per tick at max speed: long enough to amortise the read-back, short enough to stay live. */
export const BUDGET_MS = 20;
/** Upper bound on a tick, so pause stays responsive even on a slow backend. */
const MAX_TICK_MS = 250;
/** Steps per tick never exceed this, whatever the estimates say. */
const MAX_K = 20_000;
/** Ticks at finite speeds are at most this often (≈ 40 Hz); faster speeds take several steps per tick. */
const MIN_TICK_MS = 25;
/** Recording may cost at most this fraction of the step time at max speed. */
const RECORD_SHARE = 0.1;
/** Step(n) records every step when n is at most this (one wants to see single steps). */
const STEP_RECORD_ALL = 200;
/** At or below HUMAN_SPEED, and for Step(n) up to STEP_STATES_MAX, every step's full state goes to the page
 *  (the timeline scrubs step by step), as long as the read-backs take at most half the time. */
const STEP_STATES_MAX = 100;
const STATES_BUDGET_MS = 500;

export interface SchedulerHooks {
  /** Run k steps; return how many were taken. */
  advance(k: number): number;
  afterTick(): void;
  currentStep(): number;
  onError(err: unknown): void;
}

export class Scheduler {
  mode: 'idle' | 'running' | 'stepping' = 'idle';
  /** Step to stop at in 'stepping' mode. */
  target = 0;
  calibration: Calibration = { msTick: 0, msStep: 1, msRecord: 0 };
  stepsPerSecond = 0;
  private speed: Speed = 30;
  private stepSpan = 0;
  private credit = 0;
  private lastTick = 0;
  private readonly model = new TickModel();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly soon = immediate(() => this.tick());

  constructor(private readonly hooks: SchedulerHooks) {}

  get active(): boolean {
    return this.mode !== 'idle';
  }

  play(speed: Speed): void {
    this.speed = speed;
    this.mode = 'running';
    // The first step is due at once, so 1 step/s does not start with a silent second.
    this.credit = 1;
    this.lastTick = performance.now();
    this.seedModel();
    this.schedule(0);
  }

  stepTo(target: number): void {
    this.mode = 'stepping';
    this.target = target;
    this.stepSpan = target - this.hooks.currentStep();
    this.seedModel();
    this.schedule(0);
  }

  stop(): void {
    this.mode = 'idle';
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.credit = Math.min(this.credit, 1);
    // A slow speed may have a tick a second away; re-plan it at the new speed.
    if (this.mode === 'running' && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.schedule(0);
    }
  }

  /** Record every step when it is affordable; otherwise thin recording so it costs ≤ RECORD_SHARE. */
  recordEvery(): number {
    const { msStep, msRecord } = this.calibration;
    const thinned = Math.max(1, Math.ceil(msRecord / (RECORD_SHARE * msStep)));
    if (this.mode === 'stepping') return this.stepSpan <= STEP_RECORD_ALL ? 1 : thinned;
    if (this.speed === 'max') return thinned;
    const busy = (this.speed * (msStep + msRecord)) / 1000;
    return busy <= 0.5 ? 1 : thinned;
  }

  /** Whether each step's full state should go to the page, given what one read of it costs (ms). */
  everyState(valuesCost: number): boolean {
    if (this.mode === 'stepping')
      return this.stepSpan <= STEP_STATES_MAX && this.stepSpan * valuesCost <= STATES_BUDGET_MS;
    const speed = this.speed;
    return (
      this.mode === 'running' &&
      speed !== 'max' &&
      speed <= HUMAN_SPEED &&
      speed * valuesCost <= STATES_BUDGET_MS
    );
  }

  private seedModel(): void {
    const { msTick, msStep, msRecord } = this.calibration;
    this.model.seed(msTick, msStep + msRecord / this.recordEvery());
  }

  private tick(): void {
    this.timer = null;
    if (this.mode === 'idle') return;
    const now = performance.now();
    const tickMs = Math.min(Math.max(BUDGET_MS, 2 * this.model.overhead), MAX_TICK_MS);
    const maxK = this.model.stepsFor(tickMs, MAX_K);
    let k: number;
    if (this.mode === 'stepping') k = Math.min(this.target - this.hooks.currentStep(), maxK);
    else if (this.speed === 'max') k = maxK;
    else {
      this.credit = Math.min(
        this.credit + ((now - this.lastTick) * this.speed) / 1000,
        Math.max(1, this.speed * 0.25),
      );
      k = Math.min(Math.floor(this.credit), maxK);
      this.credit -= k;
    }
    this.lastTick = now;
    if (k > 0) {
      try {
        const t0 = performance.now();
        const taken = this.hooks.advance(k);
        const dt = Math.max(performance.now() - t0, 1e-3);
        if (taken === k) this.model.add(k, dt);
        this.stepsPerSecond = taken > 0 ? (taken * 1000) / dt : 0;
      } catch (err) {
        this.stop();
        this.hooks.onError(err);
        return;
      }
    }
    this.hooks.afterTick();
    // advance/afterTick may have stopped us (convergence, divergence, end of Step n).
    if (!this.active) return;
    const delay =
      this.mode === 'running' && this.speed !== 'max'
        ? Math.max(
            ((1 - this.credit) * 1000) / this.speed - (performance.now() - now),
            MIN_TICK_MS - (performance.now() - now),
            0,
          )
        : 0;
    this.schedule(delay);
  }

  private schedule(delay: number): void {
    if (this.timer !== null || this.soon.pending) return;
    if (delay < 1) this.soon.request();
    else this.timer = setTimeout(() => this.tick(), delay);
  }
}
