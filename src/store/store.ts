// The page's state: what the user asked for (config), what the worker reports (run, net), the
// trajectories in ring buffers, and the last full state. Worker events enter through applyEvent only.

import { create } from 'zustand';
import type { LiveOptions, TracePoint, WorkerEvent } from '../protocol';
import { StateHistory } from './history';
import {
  fits,
  initialConfig,
  initialRun,
  MAX_MARKS,
  type ConfigSlice,
  type Mark,
  type NetSlice,
  type NetWeights,
  type RunSlice,
} from './slices';
import { DEFAULT_CAPACITY, Trajectories } from './trajectories';

export { initialConfig, MAX_MARKS } from './slices';
export type { ConfigSlice, Mark, NetSlice, NetWeights, RunSlice } from './slices';

export interface ArState {
  config: ConfigSlice;
  run: RunSlice;
  net: NetSlice | null;
  /** Autodiff g_l of every layer for the current batch. */
  reference: Float32Array[] | null;
  /** v_l of every layer at valuesStep. */
  values: Float32Array[] | null;
  valuesStep: number;
  traj: Trajectories;
  /** Option changes during the current run. */
  marks: Mark[];
  /** Bumped whenever traj changes (it is mutated in place); panels redraw when it moves. */
  version: number;
  /** Forward weights W_l (n_in × n_out, row-major) and the backward weights in force B_l (n_out × n_in)
   *  per layer, null for ops without weights; for the network view and the inspector. */
  weights: NetWeights | null;
  /** f′(ā_l) at the frozen forward point per layer (batch × n_l); null entries where f′ ≡ 1 (linear). */
  derivative: (Float32Array | null)[] | null;
  /** Radians between AR's and backprop's weight updates per weighted layer, at the latest batch. */
  updateAngles: number[] | null;
  /** Full states at the steps they were sent (step 0 = the initial state), for the timeline. */
  history: StateHistory;
  /** Frozen feedforward activations x̄_l of every layer (batch × n_l): the state at step 0 with the default
   *  initialisation. */
  feedforward: Float32Array[] | null;
  /** Timeline position: null follows the live run; a step shows the recorded state at that step. */
  viewStep: number | null;
  /** The unit the inspector explains (and the network view highlights): layer index (topological,
   *  0 = first hidden layer, the last is the clamped output), batch item, unit. Set to layer 0, item 0,
   *  unit 0 on configure unless the current selection still fits the new network. */
  selected: TracePoint | null;
  setViewStep(step: number | null): void;
  /** Select a unit; a point outside the network (or before it is configured) is ignored. */
  setSelected(p: TracePoint | null): void;
  setConfig(patch: Partial<Omit<ConfigSlice, 'options'>>): void;
  setOptions(patch: Partial<LiveOptions>): void;
  applyEvent(ev: WorkerEvent): void;
  noteRestart(message: string, notice: string): void;
  addMark(key: string, label: string): void;
}

export function createArStore(capacity = DEFAULT_CAPACITY) {
  // After the worker refuses an option, its status carries the options really in force: adopt those.
  let adoptOptions = false;
  return create<ArState>()((set, get) => ({
    config: initialConfig(),
    run: initialRun(),
    net: null,
    reference: null,
    values: null,
    valuesStep: 0,
    traj: new Trajectories(capacity),
    marks: [],
    version: 0,
    weights: null,
    derivative: null,
    updateAngles: null,
    history: new StateHistory(),
    feedforward: null,
    viewStep: null,
    selected: null,

    setViewStep: (step) => set({ viewStep: step }),
    setSelected: (p) => {
      const { net, selected } = get();
      if (p !== null && (!net || !fits(net, p))) return;
      if (p && selected && p.layer === selected.layer && p.item === selected.item && p.unit === selected.unit)
        return;
      set({ selected: p ? { layer: p.layer, item: p.item, unit: p.unit } : null });
    },
    setConfig: (patch) =>
      set((s) => ({
        config: { ...s.config, ...patch },
        run: 'preset' in patch || 'seed' in patch ? { ...s.run, notice: '' } : s.run,
      })),
    setOptions: (patch) =>
      set((s) => ({ config: { ...s.config, options: { ...s.config.options, ...patch } } })),
    noteRestart: (message, notice) => {
      // A new worker numbers its runs from scratch.
      const s = get();
      s.traj.clear();
      const run = {
        ...s.run,
        state: 'starting' as const,
        step: 0,
        run: 0,
        message,
        notice,
        restarts: s.run.restarts + 1,
      };
      set({ run, marks: [], version: s.version + 1 });
    },
    addMark: (key, label) => {
      const s = get();
      const step = s.run.step;
      const last = s.marks.at(-1);
      // Dragging a slider sends many changes: fold those made within a few steps into one mark.
      const fold = last && last.key === key && step - last.step <= 5;
      const marks = [
        ...(fold ? s.marks.slice(0, -1) : s.marks),
        { step: fold ? last.step : step, key, label },
      ].slice(-MAX_MARKS);
      set({ marks, version: s.version + 1 });
    },

    applyEvent: (ev) => {
      const s = get();
      switch (ev.type) {
        case 'ready':
        case 'backendChanged': {
          const { backend, renderer, software, detail } = ev;
          const tfjs = ev.type === 'ready' ? ev.tfjs : s.run.tfjs;
          const message = ev.type === 'backendChanged' ? `Backend: ${ev.reason}.` : s.run.message;
          return set({ run: { ...s.run, backend, renderer, software, detail, tfjs, message, error: null } });
        }
        case 'configured': {
          const {
            type: _t,
            v: _v,
            reference,
            run,
            weights,
            derivative,
            feedforward,
            values,
            updateAngles,
            ...net
          } = ev;
          s.traj.clear(ev.hidden.length);
          s.history.clear();
          // A training-lab batch relaxes under its condition's switches: show the options in force.
          if (ev.preset === 'lab') adoptOptions = true;
          s.history.push(0, values);
          const keep = s.selected && fits(net, s.selected);
          return set({
            viewStep: null,
            net,
            reference,
            weights,
            derivative,
            feedforward,
            updateAngles,
            values,
            valuesStep: 0,
            selected: keep ? s.selected : { layer: 0, item: 0, unit: 0 },
            marks: [],
            run: { ...s.run, run, step: 0 },
            version: s.version + 1,
          });
        }
        case 'batch': {
          if (ev.run < s.run.run) return; // a straggler from before a reset
          const newer = ev.run > s.run.run;
          if (newer) s.traj.clear(ev.layers);
          s.traj.append(ev);
          if (newer) s.history.clear();
          for (const snap of ev.snapshots) s.history.push(snap.step, snap.values);
          if (ev.values) s.history.push(ev.step, ev.values);
          return set({
            ...(newer ? { marks: [], viewStep: null } : {}),
            run: { ...s.run, run: ev.run, step: ev.step, diag: ev.diag },
            values: ev.values ?? s.values,
            valuesStep: ev.values ? ev.step : s.valuesStep,
            updateAngles: ev.updateAngles ?? s.updateAngles,
            version: s.version + 1,
          });
        }
        case 'weights': {
          if (ev.run < s.run.run || !s.weights) return;
          return set({ weights: { ...s.weights, backward: ev.backward, feedback: ev.feedback } });
        }
        case 'status': {
          if (ev.run < s.run.run) return;
          const fresh = ev.run > s.run.run;
          if (fresh) {
            s.traj.clear();
            s.history.clear();
          }
          const error = ev.state === 'running' ? null : s.run.error;
          const config = adoptOptions ? { ...s.config, options: ev.options } : s.config;
          adoptOptions = false;
          return set({
            config,
            run: { ...s.run, run: ev.run, state: ev.state, step: ev.step, message: ev.message, error },
            ...(fresh ? { version: s.version + 1, marks: [], viewStep: null } : {}),
          });
        }
        case 'error':
          if (ev.code === 'invalid-option') adoptOptions = true;
          return set({ run: { ...s.run, error: { code: ev.code, message: ev.message } } });
      }
    },
  }));
}

export type ArStore = ReturnType<typeof createArStore>;

/** The page's one store. */
export const useArStore = createArStore();
