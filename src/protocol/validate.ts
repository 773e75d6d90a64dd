// Boundary checks for everything that crosses postMessage. Both sides call these on every message they
// receive; a message that fails is dropped with a console.warn naming the reason, never thrown.

import {
  arrayOf,
  bool,
  either,
  f32,
  i32,
  isRecord,
  num,
  oneOf,
  shape,
  str,
  type Guard,
  type Result,
} from './guards';
import {
  BACKEND_CHOICES,
  BACKENDS,
  COMMAND_TYPES,
  DATA_SOURCES,
  ERROR_CODES,
  EVENT_TYPES,
  FAULT_CONFIRM,
  FAULTS,
  LAYER_OPS,
  FEEDBACKS,
  INITS,
  MAX_FINITE_SPEED,
  MAX_SNAPSHOT_CHARS,
  MAX_SNAPSHOTS,
  MAX_STEP_COMMAND,
  MAX_TRACES,
  MIN_SPEED,
  PRESETS,
  PROTOCOL_VERSION,
  RUN_STATES,
  SCHEDULES,
  type Command,
  type WorkerEvent,
} from './messages';
import { LAB_DATASETS } from './lab';
import { labCommandBodies, labEventBodies } from './validateLab';

const count = num({ int: true, min: 0 });
const positive = num({ int: true, min: 1 });

const optionGuards: Record<string, Guard> = {
  eta: num({ min: 0, minExclusive: true, max: 10 }),
  schedule: oneOf(SCHEDULES),
  feedback: oneOf(FEEDBACKS),
  fprime: bool,
  frozen: bool,
  init: oneOf(INITS),
  allowUnstable: bool,
  speed: either(oneOf(['max']), num({ min: MIN_SPEED, max: MAX_FINITE_SPEED })),
  tolerance: num({ min: 0, max: 1 }),
};

const fullOptions = shape(optionGuards, {}, true);
const partialOptions = shape({}, optionGuards, true);
const tracePoint = shape({ layer: count, item: count, unit: count }, {}, true);
const nullable =
  (g: Guard): Guard =>
  (x, path) =>
    x === null ? null : g(x, path);
const f32OrNull = nullable(f32());
const angles = arrayOf(num({ min: 0, max: Math.PI + 1e-6 }));
const layerInfo = shape(
  {
    op: oneOf(LAYER_OPS),
    shape: arrayOf(positive, { min: 1, max: 3 }),
    parents: arrayOf(num({ int: true, min: -1 }), { min: 1, max: 2 }),
    activation: str,
  },
  {},
  true,
);
/** A network file's text: its content is checked by the engine (importSnapshot), only its size here. */
const snapshotText: Guard = (x, path) =>
  str(x, path) ??
  ((x as string).length > MAX_SNAPSHOT_CHARS
    ? `${path} is longer than ${MAX_SNAPSHOT_CHARS} characters`
    : null);
const snapshot = shape({ step: count, values: arrayOf(f32(), { min: 1 }) }, {}, true);

const commandBodies: Record<Command['type'], Guard> = {
  configure: shape({
    preset: oneOf(PRESETS),
    data: oneOf(DATA_SOURCES),
    seed: num({ int: true, min: 0, max: 2 ** 32 - 1 }),
  }),
  play: shape({}),
  pause: shape({}),
  step: shape({ n: num({ int: true, min: 1, max: MAX_STEP_COMMAND }) }),
  reset: shape({}),
  setOptions: shape({ options: partialOptions }),
  selectTraces: shape({ traces: arrayOf(tracePoint, { max: MAX_TRACES }) }),
  forceBackend: shape({ backend: oneOf(BACKEND_CHOICES) }),
  ack: shape({ seq: count }),
  __fault: shape({ kind: oneOf(FAULTS), confirm: oneOf([FAULT_CONFIRM]) }),
  ...labCommandBodies,
  exportSnapshot: shape({}),
  importSnapshot: shape({ text: snapshotText }),
};

const backendInfo = { backend: oneOf(BACKENDS), renderer: str, software: bool, detail: str };

const eventBodies: Record<WorkerEvent['type'], Guard> = {
  ready: shape({ ...backendInfo, version: num({ int: true }), tfjs: str }),
  configured: (x, path) =>
    shape({
      run: count,
      preset: oneOf([...PRESETS, 'lab']),
      data: oneOf([...DATA_SOURCES, ...LAB_DATASETS]),
      seed: count,
      summary: str,
      layerIds: arrayOf(str, { min: 1 }),
      layerSizes: arrayOf(positive, { min: 1 }),
      inputSize: positive,
      inputShape: arrayOf(positive, { min: 1, max: 3 }),
      graph: arrayOf(layerInfo, { min: 1 }),
      hidden: arrayOf(count),
      batchSize: positive,
      loss: num(),
      reference: arrayOf(f32()),
      weights: shape(
        { w: arrayOf(f32OrNull), backward: arrayOf(f32OrNull), feedback: oneOf(FEEDBACKS) },
        {},
        true,
      ),
      derivative: arrayOf(f32OrNull),
      feedforward: arrayOf(f32()),
      values: arrayOf(f32()),
      updateAngles: angles,
      note: str,
    })(x, path) ?? configuredConsistency(x as Record<string, unknown>, path),
  batch: (x, path) =>
    shape({
      seq: count,
      run: count,
      step: count,
      layers: count,
      stepIndex: i32(),
      relError: f32(),
      sqError: f32(),
      cosine: f32(),
      residual: f32(),
      traces: arrayOf(tracePoint, { max: MAX_TRACES }),
      traceValue: f32(),
      traceTarget: f32(),
      values: either((v, p) => (v === null ? null : `${p} is not null`), arrayOf(f32())),
      snapshots: arrayOf(snapshot, { max: MAX_SNAPSHOTS }),
      updateAngles: nullable(angles),
      diag: shape({
        stepsPerSecond: num({ min: 0 }),
        recordEvery: positive,
        numTensors: count,
        merged: count,
      }),
    })(x, path) ?? batchConsistency(x as Record<string, unknown>, path),
  status: shape({ run: count, state: oneOf(RUN_STATES), step: count, message: str, options: fullOptions }),
  error: shape({ code: oneOf(ERROR_CODES), message: str, fatal: bool }),
  backendChanged: shape({ ...backendInfo, reason: str }),
  weights: shape({ run: count, feedback: oneOf(FEEDBACKS), backward: arrayOf(f32OrNull, { min: 1 }) }),
  ...labEventBodies,
  snapshot: shape({ run: count, step: count, text: snapshotText }),
};

function configuredConsistency(x: Record<string, unknown>, path: string): string | null {
  const ids = x.layerIds as string[];
  const sizes = x.layerSizes as number[];
  const ref = x.reference as Float32Array[];
  const batch = x.batchSize as number;
  if (ids.length !== sizes.length) return `${path}.layerIds and layerSizes differ in length`;
  if (ref.length !== sizes.length) return `${path}.reference must hold one array per layer`;
  for (let l = 0; l < sizes.length; l++)
    if (ref[l].length !== batch * sizes[l])
      return `${path}.reference[${l}] must hold ${batch} × ${sizes[l]} values`;
  if ((x.hidden as number[]).some((h) => h >= sizes.length - 1))
    return `${path}.hidden names a layer that cannot relax`;
  const perLayer = (key: string, list: (Float32Array | null)[], nullOk: boolean): string | null => {
    if (list.length !== sizes.length) return `${path}.${key} must hold one entry per layer`;
    for (let l = 0; l < sizes.length; l++) {
      const a = list[l];
      if (a === null && !nullOk) return `${path}.${key}[${l}] must not be null`;
      if (a !== null && a.length !== batch * sizes[l])
        return `${path}.${key}[${l}] must hold ${batch} × ${sizes[l]} values`;
    }
    return null;
  };
  const layers =
    perLayer('derivative', x.derivative as (Float32Array | null)[], true) ??
    perLayer('feedforward', x.feedforward as Float32Array[], false) ??
    perLayer('values', x.values as Float32Array[], false);
  if (layers) return layers;
  const graph = x.graph as { op: string; shape: number[]; parents: number[] }[];
  if (graph.length !== sizes.length) return `${path}.graph must hold one node per layer`;
  const product = (a: number[]) => a.reduce((p, q) => p * q, 1);
  if (product(x.inputShape as number[]) !== x.inputSize)
    return `${path}.inputShape does not hold inputSize units`;
  for (let l = 0; l < sizes.length; l++) {
    if (product(graph[l].shape) !== sizes[l])
      return `${path}.graph[${l}].shape does not hold ${sizes[l]} units`;
    if (graph[l].parents.some((p) => p >= l)) return `${path}.graph[${l}] has a parent that is not before it`;
  }
  const { w, backward } = x.weights as { w: (Float32Array | null)[]; backward: (Float32Array | null)[] };
  if (w.length !== sizes.length || backward.length !== sizes.length)
    return `${path}.weights must hold one entry per layer`;
  for (let l = 0; l < sizes.length; l++) {
    if ((w[l] === null) !== (backward[l] === null))
      return `${path}.weights.backward[${l}] must be null exactly where w[${l}] is`;
    if (!w[l]) continue;
    const parent = graph[l].parents[0];
    if (graph[l].op !== 'dense')
      return `${path}.weights.w[${l}] is sent for a ${graph[l].op} layer (dense only)`;
    const n = (parent < 0 ? (x.inputSize as number) : sizes[parent]) * sizes[l];
    if (w[l]!.length !== n) return `${path}.weights.w[${l}] must hold ${n} values`;
    if (backward[l]!.length !== n) return `${path}.weights.backward[${l}] must hold ${n} values`;
  }
  const weighted = graph.filter((g) => g.op === 'dense' || g.op === 'conv2d').length;
  if ((x.updateAngles as number[]).length > weighted)
    return `${path}.updateAngles has more entries than weighted layers`;
  return null;
}

function batchConsistency(x: Record<string, unknown>, path: string): string | null {
  const rows = (x.stepIndex as Int32Array).length;
  const H = x.layers as number;
  const T = (x.traces as unknown[]).length;
  for (const key of ['relError', 'sqError', 'cosine', 'residual'])
    if ((x[key] as Float32Array).length !== rows * H)
      return `${path}.${key} must hold ${rows} steps × ${H} layers`;
  for (const key of ['traceValue', 'traceTarget'])
    if ((x[key] as Float32Array).length !== rows * T)
      return `${path}.${key} must hold ${rows} steps × ${T} traces`;
  const snaps = x.snapshots as { step: number; values: Float32Array[] }[];
  const values = x.values as Float32Array[] | null;
  if (snaps.length && !values) return `${path}.snapshots need the newest state in values`;
  for (let i = 0; i < snaps.length; i++) {
    const s = snaps[i];
    if (s.step >= (i + 1 < snaps.length ? snaps[i + 1].step : (x.step as number)))
      return `${path}.snapshots[${i}].step must be before the next state`;
    if (s.values.length !== values!.length || s.values.some((v, l) => v.length !== values![l].length))
      return `${path}.snapshots[${i}].values must have the shape of values`;
  }
  return null;
}

function parse<T>(
  data: unknown,
  kinds: readonly string[],
  bodies: Record<string, Guard>,
  what: string,
): Result<T> {
  if (!isRecord(data)) return { ok: false, reason: `${what} must be an object` };
  if (data.v !== PROTOCOL_VERSION)
    return {
      ok: false,
      reason: `${what} has protocol version ${String(data.v)}, expected ${PROTOCOL_VERSION}`,
    };
  if (typeof data.type !== 'string' || !kinds.includes(data.type))
    return { ok: false, reason: `${what} has unknown type ${JSON.stringify(data.type)}` };
  const reason = bodies[data.type](data, data.type);
  return reason ? { ok: false, reason } : { ok: true, value: data as T };
}

export function parseCommand(data: unknown): Result<Command> {
  return parse<Command>(data, COMMAND_TYPES, commandBodies, 'command');
}

export function parseEvent(data: unknown): Result<WorkerEvent> {
  return parse<WorkerEvent>(data, EVENT_TYPES, eventBodies, 'event');
}

/** Validates a partial option set on its own (e.g. from the URL). */
export function checkOptions(options: unknown): string | null {
  return partialOptions(options, 'options');
}
