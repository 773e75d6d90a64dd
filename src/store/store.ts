// The page's state: what the user asked for (config), what the worker reports (run, net), the
// trajectories in ring buffers, and the last full state. Worker events enter through applyEvent only.

import { create } from 'zustand';
import {
  DEFAULT_OPTIONS,
  PRESET_INFO,
  type BackendChoice,
  type BackendName,
  type DataSource,
  type Diagnostics,
  type ErrorCode,
  type LiveOptions,
  type PresetId,
  type RunState,
  type TracePoint,
  type WorkerEvent,
} from '../protocol';
import { StateHistory } from './history';
import { DEFAULT_CAPACITY, Trajectories } from './trajectories';

export interface ConfigSlice {
  preset: PresetId;
  data: DataSource;
  seed: number;
  /** Options as last sent to the worker. */
  options: LiveOptions;
  traces: TracePoint[];
  backend: BackendChoice;
}

export interface RunSlice {
  /** 'starting' until the worker has said anything. */
  state: RunState | 'starting';
  step: number;
  message: string;
  /** Run id: bumps on configure and reset; batches of older runs are dropped. */
  run: number;
  backend: BackendName | null;
  renderer: string;
  software: boolean;
  detail: string;
  tfjs: string;
  error: { code: ErrorCode; message: string } | null;
  diag: Diagnostics | null;
  /** Worker restarts after a crash or lost context. */
  restarts: number;
  /** What the last recovery did, kept on screen until the user reconfigures. */
  notice: string;
}

/** A live option change, drawn on the charts at the step where it was made. */
export interface Mark {
  step: number;
  /** Which option; a new change of the same option at (nearly) the same step replaces the mark. */
  key: string;
  label: string;
}

/** Marks kept per run; older ones drop off. */
export const MAX_MARKS = 24;

export interface NetSlice {
  preset: PresetId;
  data: DataSource;
  seed: number;
  layerIds: string[];
  layerSizes: number[];
  inputSize: number;
  hidden: number[];
  batchSize: number;
  loss: number;
  note: string;
}

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
  /** Timeline position: null follows the live run; a step shows the recorded state at that step. */
  viewStep: number | null;
  setViewStep(step: number | null): void;
  setConfig(patch: Partial<Omit<ConfigSlice, 'options'>>): void;
  setOptions(patch: Partial<LiveOptions>): void;
  applyEvent(ev: WorkerEvent): void;
  noteRestart(message: string, notice: string): void;
  addMark(key: string, label: string): void;
}

export interface NetWeights {
  w: (Float32Array | null)[];
  backward: (Float32Array | null)[];
  /** Which backward weights `backward` holds. */
  feedback: 'exact' | 'learned' | 'random';
}

export function initialConfig(): ConfigSlice {
  return {
    preset: 'small',
    data: PRESET_INFO.small.defaultData,
    seed: 1,
    options: { ...DEFAULT_OPTIONS },
    traces: [],
    backend: 'auto',
  };
}

const initialRun = (): RunSlice => ({
  state: 'starting',
  step: 0,
  message: 'Starting the worker…',
  run: 0,
  backend: null,
  renderer: '',
  software: false,
  detail: '',
  tfjs: '',
  error: null,
  diag: null,
  restarts: 0,
  notice: '',
});

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
    viewStep: null,

    setViewStep: (step) => set({ viewStep: step }),
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
          const { type: _t, v: _v, reference, run, ...net } = ev;
          s.traj.clear(ev.hidden.length);
          s.history.clear();
          return set({
            viewStep: null,
            net,
            reference,
            values: null,
            valuesStep: 0,
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
          if (ev.values) s.history.push(ev.step, ev.values);
          return set({
            ...(newer ? { marks: [] } : {}),
            run: { ...s.run, run: ev.run, step: ev.step, diag: ev.diag },
            values: ev.values ?? s.values,
            valuesStep: ev.values ? ev.step : s.valuesStep,
            version: s.version + 1,
          });
        }
        case 'status': {
          if (ev.run < s.run.run) return;
          const fresh = ev.run > s.run.run;
          if (fresh) s.traj.clear();
          const error = ev.state === 'running' ? null : s.run.error;
          const config = adoptOptions ? { ...s.config, options: ev.options } : s.config;
          adoptOptions = false;
          return set({
            config,
            run: { ...s.run, run: ev.run, state: ev.state, step: ev.step, message: ev.message, error },
            ...(fresh ? { version: s.version + 1, marks: [] } : {}),
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
