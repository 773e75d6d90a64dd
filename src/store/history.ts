// Full states (v_l of every layer) at the steps the worker sent them, for the timeline: scrubbing shows a
// recorded state, never a recomputed one. Bounded by a byte budget so the MNIST net keeps fewer snapshots
// than the small one, and memory stays flat however long the run.

export interface Snapshot {
  step: number;
  values: Float32Array[];
}

export const DEFAULT_HISTORY_BYTES = 48 * 1024 * 1024;

export class StateHistory {
  private snaps: Snapshot[] = [];
  private bytes = 0;

  constructor(readonly budgetBytes = DEFAULT_HISTORY_BYTES) {}

  get length(): number {
    return this.snaps.length;
  }

  get byteLength(): number {
    return this.bytes;
  }

  /** Record a state; a step not after the newest replaces the history from there (a reset or rerun). */
  push(step: number, values: Float32Array[]): void {
    while (this.snaps.length && this.snaps[this.snaps.length - 1].step >= step)
      this.drop(this.snaps.length - 1);
    this.snaps.push({ step, values });
    this.bytes += size(values);
    // Keep the first snapshot (step 0, the feedforward state) and thin out the rest.
    while (this.bytes > this.budgetBytes && this.snaps.length > 2) this.drop(1);
  }

  /** The newest snapshot at or before `step` (null if none). */
  at(step: number): Snapshot | null {
    return this.snaps[this.indexAt(step)] ?? null;
  }

  /** The recorded step nearest to `step` (the earlier one on a tie); null when empty. */
  nearest(step: number): number | null {
    const i = this.indexAt(step);
    const before = this.snaps[i];
    const after = this.snaps[i + 1];
    if (!before) return after?.step ?? null;
    return after && after.step - step < step - before.step ? after.step : before.step;
  }

  /** The recorded step `by` snapshots after (by > 0) or before (by < 0) the one shown at `step`, clamped
   *  to the first and last; null when empty. */
  offset(step: number, by: number): number | null {
    if (this.snaps.length === 0) return null;
    const i = Math.max(this.indexAt(step), by > 0 ? -1 : 0);
    return this.snaps[Math.min(Math.max(i + by, 0), this.snaps.length - 1)].step;
  }

  /** Index of the newest snapshot at or before `step`, −1 if none. */
  private indexAt(step: number): number {
    let lo = 0;
    let hi = this.snaps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.snaps[mid].step <= step) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  first(): Snapshot | null {
    return this.snaps[0] ?? null;
  }

  last(): Snapshot | null {
    return this.snaps[this.snaps.length - 1] ?? null;
  }

  /** Steps held, oldest first. */
  steps(): number[] {
    return this.snaps.map((s) => s.step);
  }

  clear(): void {
    this.snaps = [];
    this.bytes = 0;
  }

  private drop(i: number): void {
    this.bytes -= size(this.snaps[i].values);
    this.snaps.splice(i, 1);
  }
}

const size = (values: Float32Array[]) => values.reduce((n, v) => n + v.byteLength, 0);
