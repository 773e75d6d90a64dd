// The relaxation's recorded history (the store's ring buffers) as CSV and JSON: per-layer metric series on
// one step axis, the traced units' v and local target on theirs (traces restart when the traced units change).
// Pure functions of plain data, so they are unit-tested without a page.

import type { TracePoint } from '../../protocol';
import { METRICS, type Metric, type Trajectories } from '../../store/trajectories';
import { toCsv, type Cell } from './csv';

/** What the builders need to know about the run, beside the buffers. */
export interface RunInfo {
  preset: string;
  seed: number;
  step: number;
  summary: string;
  /** Every layer's id (topological) and the indices of the relaxing ones. */
  layerIds: readonly string[];
  hidden: readonly number[];
}

const traceLabel = (p: TracePoint, ids: readonly string[]) =>
  `${ids[p.layer] ?? `layer${p.layer}`}[item ${p.item}, unit ${p.unit}]`;

function hiddenIds(traj: Trajectories, run: RunInfo): string[] {
  return Array.from({ length: traj.layers }, (_, k) => run.layerIds[run.hidden[k]] ?? `hidden${k}`);
}

/** step, then one column per (metric, hidden layer): relError:h1, relError:h2, …, residual:hN. */
export function metricsCsv(traj: Trajectories, run: RunInfo): string {
  const ids = hiddenIds(traj, run);
  const header = ['step', ...METRICS.flatMap((m) => ids.map((id) => `${m}:${id}`))];
  const series = METRICS.flatMap((m) => traj.metrics[m].map((b) => b.toArray()));
  const steps = traj.steps.toArray();
  const rows = function* (): Generator<Cell[]> {
    for (let i = 0; i < steps.length; i++) yield [steps[i], ...series.map((s) => s[i])];
  };
  return toCsv(header, rows());
}

/** step, then v and target of every traced unit. */
export function tracesCsv(traj: Trajectories, run: RunInfo): string {
  const labels = traj.traces.map((p) => traceLabel(p, run.layerIds));
  const header = ['step', ...labels.flatMap((l) => [`v:${l}`, `target:${l}`])];
  const steps = traj.traceSteps.toArray();
  const value = traj.traceValue.map((b) => b.toArray());
  const target = traj.traceTarget.map((b) => b.toArray());
  const rows = function* (): Generator<Cell[]> {
    for (let i = 0; i < steps.length; i++) yield [steps[i], ...value.flatMap((v, j) => [v[i], target[j][i]])];
  };
  return toCsv(header, rows());
}

export interface TrajectoriesJson {
  format: 'ar-explorer-trajectories';
  preset: string;
  seed: number;
  step: number;
  summary: string;
  steps: number[];
  layers: ({ id: string } & Record<Metric, (number | null)[]>)[];
  traces: {
    layer: number;
    layerId: string;
    item: number;
    unit: number;
    steps: number[];
    v: number[];
    target: number[];
  }[];
}

/** Non-finite values (a diverged run) become null, which JSON can hold. */
const list = (a: Float64Array): (number | null)[] => Array.from(a, (x) => (Number.isFinite(x) ? x : null));

export function trajectoriesJson(traj: Trajectories, run: RunInfo): TrajectoriesJson {
  const ids = hiddenIds(traj, run);
  const traceSteps = Array.from(traj.traceSteps.toArray());
  return {
    format: 'ar-explorer-trajectories',
    preset: run.preset,
    seed: run.seed,
    step: run.step,
    summary: run.summary,
    steps: Array.from(traj.steps.toArray()),
    layers: ids.map((id, k) => ({
      id,
      ...(Object.fromEntries(METRICS.map((m) => [m, list(traj.metrics[m][k].toArray())])) as Record<
        Metric,
        (number | null)[]
      >),
    })),
    traces: traj.traces.map((p, j) => ({
      ...p,
      layerId: run.layerIds[p.layer] ?? '',
      steps: traceSteps,
      v: list(traj.traceValue[j].toArray()) as number[],
      target: list(traj.traceTarget[j].toArray()) as number[],
    })),
  };
}
