// The typed, versioned messages between the page and the worker. This module (with its guards and lab.ts) is
// the only code both sides import, so it holds plain data and constants only: no tfjs, no React, no store.

import type {
  LabBatchRecord,
  LabConfig,
  LabDataInfo,
  LabDataset,
  LabEvaluation,
  LabProgress,
  LabResume,
  LabSample,
  LabState,
} from './lab';

/** Bumped whenever a message changes shape; both sides reject any other version. */
export const PROTOCOL_VERSION = 2;

export const PRESETS = ['small', 'mnist', 'fig1', 'cnn', 'residual'] as const;
export type PresetId = (typeof PRESETS)[number];

/** Page-side description of the presets (the worker builds the networks from the same ids). */
export const PRESET_INFO: Record<PresetId, { label: string; summary: string; defaultData: DataSource }> = {
  small: {
    label: 'Small net 4-8-8-8-3',
    summary: 'tanh hidden, linear output, summed squared error, σ = 0.5, batch 16 of N(0, 1) inputs',
    defaultData: 'random',
  },
  mnist: {
    label: 'Paper MNIST 784-300-300-100-10',
    summary: 'ReLU hidden, linear output, summed squared error, σ = 0.05, batch 64',
    defaultData: 'mnist',
  },
  fig1: {
    label: 'Paper Fig. 1 784-300-100-100-10',
    summary: 'tanh hidden, linear output, summed squared error, σ = 0.05, batch 64 (the convergence figure)',
    defaultData: 'mnist',
  },
  cnn: {
    label: 'CNN (follow-up paper)',
    summary:
      'conv 6@5×5 → max-pool 2 → conv 16@5×5 → dense 120 → 84 → 10, ReLU, linear output, summed squared error, σ = 0.1, batch 8 of MNIST digits',
    defaultData: 'mnist',
  },
  residual: {
    label: 'Residual MLP (skip connection)',
    summary:
      '2 → 12 → 12 → add(first, second) → 12 → 2, tanh, linear output, summed squared error, σ = 0.5, batch 16 spiral points',
    defaultData: 'spiral',
  },
};

/** random: seeded N(0, 1) inputs with seeded one-hot targets. mnist: a seeded batch of MNIST digits.
 *  spiral: a seeded batch of the 2-D spiral set. */
export const DATA_SOURCES = ['random', 'mnist', 'spiral'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

/** In preference order: the worker falls back along this list, and so does crash recovery. */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export const BACKEND_CHOICES = ['auto', ...BACKENDS] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const SCHEDULES = ['parallel', 'sequential'] as const;
export const FEEDBACKS = ['exact', 'learned', 'random'] as const;
export const INITS = ['feedforward', 'zeros'] as const;

/** Steps per second, or as fast as the backend goes. */
export type Speed = number | 'max';
export const MIN_SPEED = 1;
export const MAX_FINITE_SPEED = 100_000;

/** Everything the user can change while a relaxation runs ("toggle live"). */
export interface LiveOptions {
  /** Euler step size η. */
  eta: number;
  schedule: (typeof SCHEDULES)[number];
  feedback: (typeof FEEDBACKS)[number];
  /** Multiply by the nonlinear derivative f′. */
  fprime: boolean;
  /** Keep f′ and the Jacobians at the frozen feedforward point. */
  frozen: boolean;
  /** Initial state of the hidden units; applies at the next reset. */
  init: (typeof INITS)[number];
  allowUnstable: boolean;
  speed: Speed;
  /** Stop as converged when every hidden layer's residual ‖target − v‖ is within tolerance × ‖g_l‖;
   *  0 never stops. */
  tolerance: number;
}

export const DEFAULT_OPTIONS: LiveOptions = {
  eta: 0.1,
  schedule: 'parallel',
  feedback: 'exact',
  fprime: true,
  frozen: true,
  init: 'feedforward',
  allowUnstable: false,
  speed: 30,
  tolerance: 1e-5,
};

/** One traced unit: layer index (topological, 0 = first hidden layer), batch item, unit within the item. */
export interface TracePoint {
  layer: number;
  item: number;
  unit: number;
}

export const MAX_TRACES = 16;
/** At or below this speed (steps/s) the worker sends the full state of every step (the timeline scrubs
 *  step by step), as long as reading it back stays cheap; faster runs send a thinned record. */
export const HUMAN_SPEED = 30;
/** Batches reach the page's store (and so the panels) at most this often… */
export const STORE_HZ = 30;
/** …and at "as fast as the backend goes": then the values change faster than anyone can read them, and
 *  every redraw takes CPU from the worker on a small machine. The worker reads the full state back no more
 *  often than this either. */
export const MAX_SPEED_STORE_HZ = 12;
/** Earlier full states one batch may carry (per-step values at human speeds); more are thinned. */
export const MAX_SNAPSHOTS = 64;

export type FeedbackKind = (typeof FEEDBACKS)[number];

/** Forward and backward weights per layer: dense layers only (null for every other op, conv kernels
 *  included). A dense layer l maps its parent's n_in units (inputSize for the input) to layerSizes[l]. */
export interface WeightSet {
  /** W_l, n_in × n_out, row-major. */
  w: (Float32Array | null)[];
  /** The backward weights in force B_l, n_out × n_in, row-major: Wᵀ (exact), learned ψ_l or random ψ_l. */
  backward: (Float32Array | null)[];
  feedback: FeedbackKind;
}

/** The full state v_l of every layer at one step (batch-major, batchSize × layerSizes[l]). */
export interface StateSnapshot {
  step: number;
  values: Float32Array[];
}
export const MAX_STEP_COMMAND = 1_000_000;

/** Test-only fault injection must carry this exact phrase, so it cannot be sent by accident. */
export const FAULT_CONFIRM = 'inject-test-fault';
export const FAULTS = ['crash', 'lose-context'] as const;
export type FaultKind = (typeof FAULTS)[number];

type Msg<T extends string, B = object> = { v: typeof PROTOCOL_VERSION; type: T } & B;

export type Command =
  | Msg<'configure', { preset: PresetId; data: DataSource; seed: number }>
  | Msg<'play'>
  | Msg<'pause'>
  | Msg<'step', { n: number }>
  | Msg<'reset'>
  | Msg<'setOptions', { options: Partial<LiveOptions> }>
  | Msg<'selectTraces', { traces: TracePoint[] }>
  | Msg<'forceBackend', { backend: BackendChoice }>
  /** The page has applied batch `seq` (back-pressure). */
  | Msg<'ack', { seq: number }>
  | Msg<'__fault', { kind: FaultKind; confirm: typeof FAULT_CONFIRM }>
  /** Training lab: start a new experiment (any running one stops), pause, resume, stop. `resume`: continue
   *  the same experiment from a checkpoint (after a worker restart), running or paused. */
  | Msg<'labStart', { config: LabConfig; resume?: LabResume }>
  | Msg<'labPause'>
  | Msg<'labResume'>
  | Msg<'labStop'>
  /** Send the current network's parameters (forward and backward weights) as a 'snapshot' event. */
  | Msg<'exportSnapshot'>
  /** Replace the current network's parameters with a snapshot file's (JSON text, checked in the worker) and
   *  relax from step 0 on the same batch; a bad file is an 'invalid-snapshot' error and changes nothing. */
  | Msg<'importSnapshot', { text: string }>;

/** Largest snapshot file the page sends (the paper's MNIST net with both backward sets is ~25 MB of JSON). */
export const MAX_SNAPSHOT_CHARS = 100_000_000;

export const COMMAND_TYPES = [
  'configure',
  'play',
  'pause',
  'step',
  'reset',
  'setOptions',
  'selectTraces',
  'forceBackend',
  'ack',
  '__fault',
  'labStart',
  'labPause',
  'labResume',
  'labStop',
  'exportSnapshot',
  'importSnapshot',
] as const satisfies readonly Command['type'][];

export const RUN_STATES = ['loading', 'paused', 'running', 'converged', 'diverged'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const ERROR_CODES = [
  'invalid-spec',
  'invalid-option',
  'invalid-input',
  'shape-mismatch',
  'non-finite',
  'invalid-snapshot',
  'disposed',
  'bad-message',
  'not-configured',
  'backend-failed',
  'context-lost',
  'data-failed',
  'worker-crashed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface BackendInfo {
  backend: BackendName;
  /** WebGL renderer (WEBGL_debug_renderer_info), or '' when WebGL2 is unavailable. */
  renderer: string;
  /** The renderer is a software rasteriser (SwiftShader, llvmpipe). */
  software: boolean;
  /** Human-readable note on the backend (e.g. "WebAssembly, SIMD"). */
  detail: string;
}

export interface Diagnostics {
  /** Relaxation steps per second over the last tick (compute only). */
  stepsPerSecond: number;
  /** Metrics are recorded every recordEvery-th step (and at the end of each tick). */
  recordEvery: number;
  numTensors: number;
  /** Ticks coalesced into this batch because the page had not acknowledged the previous ones. */
  merged: number;
}

export const LAYER_OPS = ['dense', 'conv2d', 'maxPool', 'avgPool', 'flatten', 'add'] as const;

/** One node of the network's graph, in topological order. */
export interface LayerInfo {
  op: (typeof LAYER_OPS)[number];
  /** Output shape per item: [units] or [height, width, channels]. */
  shape: number[];
  /** Parent layer indices; -1 is the input. */
  parents: number[];
  activation: string;
}

/** The configured network as the page sees it (the 'configured' event and the store's net slice). */
export interface NetDescription {
  /** 'lab': a batch handed over by the training lab (see `summary`). */
  preset: PresetId | 'lab';
  data: DataSource | LabDataset;
  seed: number;
  /** One line on what network and batch these are. */
  summary: string;
  /** Layer ids and unit counts (per item), input excluded; the last layer is the clamped output. */
  layerIds: string[];
  layerSizes: number[];
  inputSize: number;
  /** Input shape per item ([features] or [height, width, channels]) and the graph, node by node. */
  inputShape: number[];
  graph: LayerInfo[];
  /** Indices of the relaxing layers. */
  hidden: number[];
  batchSize: number;
  loss: number;
  /** Why the data differ from what was asked (e.g. MNIST files missing), else ''. */
  note: string;
}

export type WorkerEvent =
  | Msg<'ready', BackendInfo & { version: number; tfjs: string }>
  | Msg<
      'configured',
      NetDescription & {
        run: number;
        /** Autodiff g_l = ∂Loss/∂x_l of every layer, batch-major (batchSize × layerSizes[l]). */
        reference: Float32Array[];
        /** W_l and the backward weights in force (sent again in a 'weights' event when feedback changes). */
        weights: WeightSet;
        /** Frozen f′(ā_l) per layer (batchSize × layerSizes[l]); null where f′ ≡ 1 (linear). */
        derivative: (Float32Array | null)[];
        /** Frozen feedforward activations x̄_l per layer (batchSize × layerSizes[l]). */
        feedforward: Float32Array[];
        /** v_l of every layer at step 0 (x̄_l or zeros for hidden layers, e_L for the output). */
        values: Float32Array[];
        /** Radians between AR's and backprop's weight updates per weighted layer, at step 0. */
        updateAngles: number[];
      }
    >
  | Msg<
      'batch',
      {
        seq: number;
        run: number;
        /** Relaxation step after the last step of this batch. */
        step: number;
        /** Number of hidden layers H and traced units T; series are step-major ([row * H + k]). */
        layers: number;
        stepIndex: Int32Array;
        relError: Float32Array;
        sqError: Float32Array;
        cosine: Float32Array;
        residual: Float32Array;
        traces: TracePoint[];
        traceValue: Float32Array;
        traceTarget: Float32Array;
        /** v_l of every layer after `step` (batchSize × layerSizes[l]); null when unchanged since the last batch. */
        values: Float32Array[] | null;
        /** Full states at earlier steps of this batch, oldest first, all before `step` (sent at human speeds so
         *  that every step can be scrubbed); `values` holds the newest. Empty at high speed. */
        snapshots: StateSnapshot[];
        /** Radians between AR's and backprop's weight updates per weighted layer at `step`; null when not
         *  measured for this batch (it costs a read-back, so a few times per second at most). */
        updateAngles: number[] | null;
        diag: Diagnostics;
      }
    >
  | Msg<'status', { run: number; state: RunState; step: number; message: string; options: LiveOptions }>
  | Msg<
      'error',
      {
        code: ErrorCode;
        message: string;
        /** The worker cannot go on; the client restarts it. */ fatal: boolean;
      }
    >
  | Msg<'backendChanged', BackendInfo & { reason: string }>
  /** The backward weights in force changed (feedback option); W_l is unchanged. */
  | Msg<'weights', { run: number; feedback: FeedbackKind; backward: (Float32Array | null)[] }>
  /** Training lab: the experiment `lab` is set up (data loaded, networks built); `resumedAt` > 0: it
   *  continues a checkpoint of the same experiment after that many batches (curves up to it stay). */
  | Msg<'labConfigured', { lab: number; config: LabConfig; data: LabDataInfo; resumedAt: number }>
  /** Training lab: state, progress and the batches trained since the last progress event. */
  | Msg<
      'labProgress',
      { lab: number; state: LabState; message: string; progress: LabProgress; records: LabBatchRecord[] }
    >
  | Msg<'labEval', { lab: number; evaluation: LabEvaluation }>
  | Msg<'labSample', { lab: number; sample: LabSample }>
  /** Training lab: everything needed to continue experiment `lab` after `batch` batches (kept by the client,
   *  sent back in labStart.resume if the worker has to be restarted). */
  | Msg<'labCheckpoint', { lab: number; batch: number; params: Float32Array[]; elapsedMs: number }>
  /** Reply to exportSnapshot: the network file (JSON text) of run `run`, at relaxation step `step`. */
  | Msg<'snapshot', { run: number; step: number; text: string }>;

export const EVENT_TYPES = [
  'ready',
  'configured',
  'batch',
  'status',
  'error',
  'backendChanged',
  'weights',
  'labConfigured',
  'labProgress',
  'labEval',
  'labSample',
  'labCheckpoint',
  'snapshot',
] as const satisfies readonly WorkerEvent['type'][];

export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;
export type EventOf<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

/** Distributes Omit over a union, so each member keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type CommandBody = DistributiveOmit<Command, 'v'>;
export type EventBody = DistributiveOmit<WorkerEvent, 'v'>;

export function command(body: CommandBody): Command {
  return { v: PROTOCOL_VERSION, ...body } as Command;
}

export function event(body: EventBody): WorkerEvent {
  return { v: PROTOCOL_VERSION, ...body } as WorkerEvent;
}
