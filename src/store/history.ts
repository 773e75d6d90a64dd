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
    while (this.snaps.length && this.snaps[this.snaps.length - 1].step >= step) this.drop(this.snaps.length - 1);
    this.snaps.push({ step, values });
    this.bytes += size(values);
    // Keep the first snapshot (step 0, the feedforward state) and thin out the rest.
    while (this.bytes > this.budgetBytes && this.snaps.length > 2) this.drop(1);
  }

  /** The newest snapshot at or before `step` (null if none). */
  at(step: number): Snapshot | null {
    let lo = 0;
    let hi = this.snaps.length - 1;
    let found: Snapshot | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.snaps[mid].step <= step) {
        found = this.snaps[mid];
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
