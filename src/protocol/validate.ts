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
  FEEDBACKS,
  INITS,
  MAX_FINITE_SPEED,
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
};

const backendInfo = { backend: oneOf(BACKENDS), renderer: str, software: bool, detail: str };

const eventBodies: Record<WorkerEvent['type'], Guard> = {
  ready: shape({ ...backendInfo, version: num({ int: true }), tfjs: str }),
  configured: (x, path) =>
    shape({
      run: count,
      preset: oneOf(PRESETS),
      data: oneOf(DATA_SOURCES),
      seed: count,
      layerIds: arrayOf(str, { min: 1 }),
      layerSizes: arrayOf(positive, { min: 1 }),
      inputSize: positive,
      hidden: arrayOf(count),
      batchSize: positive,
      loss: num(),
      reference: arrayOf(f32()),
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
