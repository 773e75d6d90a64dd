// Rows recorded since the last posted batch. When the page falls behind, ticks keep merging in here; past
// MAX_ROWS every other row is dropped (the newest is always kept), so a slow or hidden page costs bounded
// memory and receives a thinned history instead of an unbounded queue.

import type { StepRecord } from '../engine';

export const MAX_ROWS = 4096;

export interface TakenRows {
  stepIndex: Int32Array;
  relError: Float32Array;
  sqError: Float32Array;
  cosine: Float32Array;
  residual: Float32Array;
  traceValue: Float32Array;
  traceTarget: Float32Array;
  merged: number;
}

const METRICS = ['relError', 'sqError', 'cosine', 'residual', 'traceValue', 'traceTarget'] as const;
type Metric = (typeof METRICS)[number];

export class Batcher {
  private steps: number[] = [];
  private cols: Record<Metric, number[]> = emptyCols();
  private ticks = 0;

  constructor(
    private layers = 0,
    private traces = 0,
  ) {}

  get rows(): number {
    return this.steps.length;
  }

  /** Start over with a new shape (new network, new traces or reset). */
  clear(layers = this.layers, traces = this.traces): void {
    this.layers = layers;
    this.traces = traces;
    this.steps = [];
    this.cols = emptyCols();
    this.ticks = 0;
  }

  add(rec: StepRecord): void {
    if (rec.layers !== this.layers || rec.traces !== this.traces)
      throw new Error(
        `Record shape ${rec.layers}×${rec.traces} does not match the batcher's ${this.layers}×${this.traces}.`,
      );
    for (let s = 0; s < rec.steps; s++) {
      this.steps.push(rec.stepIndex[s]);
      for (const m of METRICS) {
        const width = m.startsWith('trace') ? this.traces : this.layers;
        const src = rec[m];
        for (let k = 0; k < width; k++) this.cols[m].push(src[s * width + k]);
      }
    }
    this.ticks++;
    if (this.steps.length > MAX_ROWS) this.thin();
  }

  /** Everything gathered so far as typed arrays (their buffers are the caller's to transfer). */
  take(): TakenRows {
    const out: TakenRows = {
      stepIndex: Int32Array.from(this.steps),
      relError: Float32Array.from(this.cols.relError),
      sqError: Float32Array.from(this.cols.sqError),
      cosine: Float32Array.from(this.cols.cosine),
      residual: Float32Array.from(this.cols.residual),
      traceValue: Float32Array.from(this.cols.traceValue),
      traceTarget: Float32Array.from(this.cols.traceTarget),
      merged: Math.max(0, this.ticks - 1),
    };
    this.clear();
    return out;
  }

  /** Keep every other row counting back from the newest. */
  private thin(): void {
    const n = this.steps.length;
    const keep = (i: number) => (n - 1 - i) % 2 === 0;
    this.steps = this.steps.filter((_, i) => keep(i));
    for (const m of METRICS) {
      const width = m.startsWith('trace') ? this.traces : this.layers;
      this.cols[m] = this.cols[m].filter((_, j) => keep(Math.floor(j / width)));
    }
  }
}

function emptyCols(): Record<Metric, number[]> {
  return { relError: [], sqError: [], cosine: [], residual: [], traceValue: [], traceTarget: [] };
}
