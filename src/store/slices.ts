// The store's slices and their initial values (the store itself is in store.ts).

import {
  type NetDescription,
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
} from '../protocol';

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

export type NetSlice = NetDescription;

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

export const initialRun = (): RunSlice => ({
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

/** The point names a unit of this network. */
export function fits(net: Pick<NetSlice, 'layerSizes' | 'batchSize'>, p: TracePoint): boolean {
  const ok = (x: number, n: number) => Number.isInteger(x) && x >= 0 && x < n;
  return (
    ok(p.layer, net.layerSizes.length) && ok(p.item, net.batchSize) && ok(p.unit, net.layerSizes[p.layer])
  );
}
