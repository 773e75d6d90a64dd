// Per-step history of a run, in ring buffers of fixed capacity: step indices, four metrics per hidden layer,
// and the traced units' v and local target. Mutated in place (the store bumps a version counter instead
// of copying 20,000-step arrays on every batch).

import type { EventOf, TracePoint } from '../protocol';
import { RingBuffer } from './ringBuffer';

export const METRICS = ['relError', 'sqError', 'cosine', 'residual'] as const;
export type Metric = (typeof METRICS)[number];

export const DEFAULT_CAPACITY = 20_000;

export class Trajectories {
  readonly capacity: number;
  steps: RingBuffer;
  metrics: Record<Metric, RingBuffer[]>;
  /** Traces have their own step axis: they restart when the traced units change. */
  traceSteps: RingBuffer;
  traceValue: RingBuffer[] = [];
  traceTarget: RingBuffer[] = [];
  traces: TracePoint[] = [];

  constructor(capacity = DEFAULT_CAPACITY, layers = 0) {
    this.capacity = capacity;
    this.steps = new RingBuffer(capacity);
    this.traceSteps = new RingBuffer(capacity);
    this.metrics = this.makeMetrics(layers);
  }

  get layers(): number {
    return this.metrics.relError.length;
  }

  /** Forget everything; keep buffers when the layer count is unchanged (no reallocation on reset). */
  clear(layers = this.layers): void {
    if (layers !== this.layers) this.metrics = this.makeMetrics(layers);
    else for (const m of METRICS) this.metrics[m].forEach((b) => b.clear());
    this.steps.clear();
    this.setTraces([]);
  }

  append(batch: EventOf<'batch'>): void {
    if (batch.layers !== this.layers) this.clear(batch.layers);
    if (!sameTraces(batch.traces, this.traces)) this.setTraces(batch.traces);
    const rows = batch.stepIndex.length;
    const H = this.layers;
    const T = this.traces.length;
    for (let r = 0; r < rows; r++) {
      this.steps.push(batch.stepIndex[r]);
      this.traceSteps.push(batch.stepIndex[r]);
    }
    for (const m of METRICS) for (let k = 0; k < H; k++) this.metrics[m][k].pushStrided(batch[m], k, H, rows);
    for (let j = 0; j < T; j++) {
      this.traceValue[j].pushStrided(batch.traceValue, j, T, rows);
      this.traceTarget[j].pushStrided(batch.traceTarget, j, T, rows);
    }
  }

  /** Bytes held by all buffers: constant for a given shape, however long the run. */
  get byteLength(): number {
    const all = [
      this.steps,
      this.traceSteps,
      ...METRICS.flatMap((m) => this.metrics[m]),
      ...this.traceValue,
      ...this.traceTarget,
    ];
    return all.reduce((sum, b) => sum + b.byteLength, 0);
  }

  private setTraces(traces: TracePoint[]): void {
    this.traces = traces.map((p) => ({ ...p }));
    this.traceSteps.clear();
    this.traceValue = traces.map(() => new RingBuffer(this.capacity, 'f32'));
    this.traceTarget = traces.map(() => new RingBuffer(this.capacity, 'f32'));
  }

  private makeMetrics(layers: number): Record<Metric, RingBuffer[]> {
    const make = () => Array.from({ length: layers }, () => new RingBuffer(this.capacity));
    return { relError: make(), sqError: make(), cosine: make(), residual: make() };
  }
}

function sameTraces(a: readonly TracePoint[], b: readonly TracePoint[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.layer === b[i].layer && p.item === b[i].item && p.unit === b[i].unit)
  );
}
