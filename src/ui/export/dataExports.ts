// Which data each panel exports, and the file names: every file says what run it came from — preset, seed
// and relaxation step, or for the training lab its preset (or dataset), seed and batches trained.

import { useArStore, useLabStore } from '../../store';
import { slug } from './csv';
import { curvesCsv, evalsCsv, labJson, type LabInfo } from './labData';
import { metricsCsv, trajectoriesJson, tracesCsv, type RunInfo } from './trajectoryData';

export interface DataExport {
  /** Menu label after "Export <panel> as …", e.g. "trajectories CSV". */
  label: string;
  /** File name suffix, e.g. "trajectories.csv". */
  suffix: string;
  type: string;
  /** The file's text, or null when there is nothing recorded yet. */
  build(): string | null;
}

/** The training lab's panels name their files after the lab experiment. */
const LAB_PANELS = new Set([
  'Training controls',
  'Learning curves',
  'Gradient fidelity',
  'Decision boundaries',
  'Batch and weight updates',
  'Confusion matrix',
]);

function runInfo(): RunInfo | null {
  const s = useArStore.getState();
  if (!s.net) return null;
  return {
    preset: s.net.preset,
    seed: s.net.seed,
    step: s.run.step,
    summary: s.net.summary,
    layerIds: s.net.layerIds,
    hidden: s.net.hidden,
  };
}

function labInfo(): LabInfo | null {
  const s = useLabStore.getState();
  return s.config ? { config: s.config, preset: s.preset } : null;
}

/** "convergence-small-seed0-step120" or "learning-curves-spiral-seed1-batch400". */
export function fileStem(panel: string): string {
  if (LAB_PANELS.has(panel)) {
    const s = useLabStore.getState();
    const what = s.preset ?? s.config?.dataset ?? s.draft.dataset;
    const seed = s.config?.seed ?? s.draft.seed;
    return `ar-explorer-${slug(panel)}-${slug(what)}-seed${seed}-batch${s.progress?.done ?? 0}`;
  }
  const s = useArStore.getState();
  const preset = s.net?.preset ?? s.config.preset;
  const seed = s.net?.seed ?? s.config.seed;
  return `ar-explorer-${slug(panel)}-${preset}-seed${seed}-step${s.run.step}`;
}

const json = (x: unknown) => `${JSON.stringify(x, null, 1)}\n`;

function trajectory(kind: 'metrics' | 'traces' | 'json'): string | null {
  const run = runInfo();
  if (!run) return null;
  const traj = useArStore.getState().traj;
  if (kind === 'metrics') return metricsCsv(traj, run);
  if (kind === 'traces') return tracesCsv(traj, run);
  return json(trajectoriesJson(traj, run));
}

function lab(kind: 'curves' | 'evals' | 'json'): string | null {
  const info = labInfo();
  if (!info) return null;
  const s = useLabStore.getState();
  if (kind === 'curves') return curvesCsv(s.curves, info);
  if (kind === 'evals') return evalsCsv(s.evals, info);
  return json(labJson(s.curves, s.evals, info));
}

const CSV = 'text/csv';
const JSON_TYPE = 'application/json';
const trajectoriesJsonExport: DataExport = {
  label: 'trajectories JSON',
  suffix: 'trajectories.json',
  type: JSON_TYPE,
  build: () => trajectory('json'),
};
const curvesExports: DataExport[] = [
  { label: 'training curves CSV', suffix: 'curves.csv', type: CSV, build: () => lab('curves') },
  { label: 'test evaluations CSV', suffix: 'evaluations.csv', type: CSV, build: () => lab('evals') },
  { label: 'training curves JSON', suffix: 'curves.json', type: JSON_TYPE, build: () => lab('json') },
];

const BY_PANEL: Record<string, DataExport[]> = {
  Convergence: [
    { label: 'per-layer metrics CSV', suffix: 'metrics.csv', type: CSV, build: () => trajectory('metrics') },
    trajectoriesJsonExport,
  ],
  'Neuron traces': [
    { label: 'traced units CSV', suffix: 'traces.csv', type: CSV, build: () => trajectory('traces') },
    trajectoriesJsonExport,
  ],
  'Learning curves': curvesExports,
  'Gradient fidelity': curvesExports,
};

export function dataExportsFor(panel: string): DataExport[] {
  return BY_PANEL[panel] ?? [];
}
