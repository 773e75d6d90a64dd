// The training lab's page state: the experiment being edited (draft), the one running, its progress and
// the curves streamed from the worker. A store of its own, so the relaxation store stays as it was.

import { create } from 'zustand';
import {
  LAB_PRESETS,
  SPIRAL_LAB,
  type LabConfig,
  type LabDataInfo,
  type LabEvaluation,
  type LabPresetId,
  type LabProgress,
  type LabSample,
  type LabState,
  type WorkerEvent,
} from '../protocol';

/** Beyond this many points a curve is halved by averaging neighbours, so memory stays bounded. */
export const MAX_CURVE_POINTS = 4096;

/** Per-batch series, one column per condition (config order). */
export interface LabCurves {
  /** Batches trained per condition at each point (averaged when thinned). */
  batch: number[];
  /** loss[c][i]: condition c's training loss on the batch(es) at point i. */
  loss: number[][];
  /** angles[c][layer][i]: radians between condition c's update and backprop's; empty for backprop. */
  angles: number[][][];
  /** alignment[c][layer][i]: radians between learned B_l and W_lᵀ; empty unless c learns B. */
  alignment: number[][][];
}

export interface LabEvalPoint {
  batch: number;
  epoch: number;
  accuracy: number[];
  testLoss: number[];
}

export interface LabStoreState {
  /** What the controls edit; sent on Start. */
  draft: LabConfig;
  preset: LabPresetId | null;
  /** The running (or last) experiment: id, its config and its data. */
  lab: number;
  config: LabConfig | null;
  data: LabDataInfo | null;
  state: LabState;
  message: string;
  progress: LabProgress | null;
  curves: LabCurves;
  evals: LabEvalPoint[];
  /** The latest evaluation in full (boundaries, confusion matrices, misclassified items). */
  evaluation: LabEvaluation | null;
  sample: LabSample | null;
  /** Bumped whenever curves (mutated in place) change. */
  version: number;
  setDraft(patch: Partial<LabConfig>): void;
  loadPreset(id: LabPresetId): void;
  applyLabEvent(ev: WorkerEvent): void;
  /** The worker restarted: a running experiment is gone (its curves stay on screen). */
  noteLost(message: string): void;
  /** The worker restarted and the experiment is being continued from its last checkpoint. */
  noteResuming(message: string): void;
}

const emptyCurves = (): LabCurves => ({ batch: [], loss: [], angles: [], alignment: [] });

/** Averages neighbouring points in place: curves keep their shape at half the points. */
function halve(series: number[]): void {
  const n = Math.floor(series.length / 2);
  for (let i = 0; i < n; i++) series[i] = (series[2 * i] + series[2 * i + 1]) / 2;
  if (series.length % 2) series[n] = series[series.length - 1];
  series.length = Math.ceil(series.length / 2);
}

function thin(c: LabCurves): void {
  halve(c.batch);
  c.loss.forEach(halve);
  c.angles.forEach((layers) => layers.forEach(halve));
  c.alignment.forEach((layers) => layers.forEach(halve));
}

/** Drops every point from index `n` on. */
function truncate(c: LabCurves, n: number): void {
  c.batch.length = n;
  c.loss.forEach((l) => (l.length = n));
  c.angles.forEach((layers) => layers.forEach((a) => (a.length = n)));
  c.alignment.forEach((layers) => layers.forEach((a) => (a.length = n)));
}

export function createLabStore() {
  return create<LabStoreState>()((set, get) => ({
    draft: { ...SPIRAL_LAB },
    preset: 'spiral',
    lab: 0,
    config: null,
    data: null,
    state: 'idle',
    message: '',
    progress: null,
    curves: emptyCurves(),
    evals: [],
    evaluation: null,
    sample: null,
    version: 0,

    setDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch }, preset: null })),
    loadPreset: (id) =>
      set({ draft: { ...LAB_PRESETS[id], hidden: [...LAB_PRESETS[id].hidden] }, preset: id }),

    noteLost: (message) => {
      const { state } = get();
      if (state === 'running' || state === 'paused' || state === 'loading') set({ state: 'failed', message });
    },
    noteResuming: (message) => set({ state: 'loading', message }),

    applyLabEvent: (ev) => {
      const s = get();
      switch (ev.type) {
        case 'labConfigured':
          // A restarted worker continuing this experiment: the curves up to its checkpoint stay.
          if (ev.resumedAt > 0 && s.config && JSON.stringify(ev.config) === JSON.stringify(s.config)) {
            const keep = s.curves.batch.findIndex((b) => b > ev.resumedAt);
            if (keep >= 0) truncate(s.curves, keep);
            return set({
              lab: ev.lab,
              data: ev.data,
              evals: s.evals.filter((p) => p.batch <= ev.resumedAt),
              version: s.version + 1,
            });
          }
          return set({
            lab: ev.lab,
            config: ev.config,
            data: ev.data,
            curves: emptyCurves(),
            evals: [],
            evaluation: null,
            sample: null,
            version: s.version + 1,
          });
        case 'labProgress': {
          if (ev.lab < s.lab) return;
          const c = s.curves;
          for (const r of ev.records) {
            c.batch.push(r.batch);
            r.loss.forEach((v, k) => (c.loss[k] ??= []).push(v));
            r.angles.forEach((layers, k) =>
              layers.forEach((a, l) => ((c.angles[k] ??= [])[l] ??= []).push(a)),
            );
            r.alignment.forEach((layers, k) =>
              layers.forEach((a, l) => ((c.alignment[k] ??= [])[l] ??= []).push(a)),
            );
            if (c.batch.length > MAX_CURVE_POINTS) thin(c);
          }
          return set({
            lab: ev.lab,
            state: ev.state,
            message: ev.message,
            progress: ev.progress,
            version: ev.records.length ? s.version + 1 : s.version,
          });
        }
        case 'labEval': {
          if (ev.lab !== s.lab) return;
          const { batch, epoch, accuracy, testLoss } = ev.evaluation;
          // One point per batch count: the end-of-epoch evaluation may repeat the last periodic one.
          const evals = s.evals.filter((p) => p.batch !== batch);
          return set({ evals: [...evals, { batch, epoch, accuracy, testLoss }], evaluation: ev.evaluation });
        }
        case 'labSample':
          if (ev.lab !== s.lab) return;
          return set({ sample: ev.sample });
      }
    },
  }));
}

export type LabStore = ReturnType<typeof createLabStore>;

/** The page's one lab store. */
export const useLabStore = createLabStore();
