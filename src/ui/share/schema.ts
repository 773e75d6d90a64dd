// Everything a link can carry, declared once as typed properties (key, parser, default, serialiser) in the
// TensorFlow Playground manner. The codec (codec.ts) reads and writes the URL hash from this list only, so a
// new shareable setting is one line here plus the code that applies it (apply.ts).

import {
  BACKEND_CHOICES,
  DATA_SOURCES,
  DEFAULT_OPTIONS,
  FEEDBACKS,
  INITS,
  MAX_FINITE_SPEED,
  MAX_TRACES,
  MIN_SPEED,
  PRESETS,
  SCHEDULES,
  type BackendChoice,
  type DataSource,
  type LiveOptions,
  type PresetId,
  type TracePoint,
} from '../../protocol';
import type { LabConfig, LabPresetId } from '../../protocol/lab';
import { CONV_METRICS, type ConvMetric } from '../panels/convergenceMetrics';

export const VIEWS = ['relax', 'lab'] as const;
export type View = (typeof VIEWS)[number];

/** Panels by the id a link uses, with the region name their Panel frame carries. */
export const PANELS = {
  timeline: 'Timeline',
  network: 'Network',
  inspector: 'Inspector',
  convergence: 'Convergence',
  maps: 'Feature maps',
  scatter: 'AR vs backprop',
  traces: 'Neuron traces',
  'lab-controls': 'Training controls',
  curves: 'Learning curves',
  fidelity: 'Gradient fidelity',
  boundary: 'Decision boundaries',
  confusion: 'Confusion matrix',
  images: 'Batch and weight updates',
} as const;
export type PanelId = keyof typeof PANELS;
export const PANEL_IDS = Object.keys(PANELS) as PanelId[];

/** Header controls a teacher can hide or lock, by the id a link uses. */
export const CONTROLS = {
  tabs: 'View tabs',
  run: 'Run controls',
  preset: 'Network',
  speed: 'Speed',
  more: 'More settings (initial state, tolerance, unstable η, seed)',
  eta: 'Step size η',
  schedule: 'Schedule',
  feedback: 'Backward weights (learned / random)',
  fprime: 'Nonlinear derivative',
  frozen: 'Frozen forward pass',
  presets: 'Presets menu',
  lessons: 'Lessons button',
  share: 'Share button',
} as const;
export type ControlId = keyof typeof CONTROLS;
export const CONTROL_IDS = Object.keys(CONTROLS) as ControlId[];
/** Controls that set a parameter (lockable); the others can only be hidden. */
export const LOCKABLE: readonly ControlId[] = [
  'tabs',
  'run',
  'preset',
  'speed',
  'more',
  'eta',
  'schedule',
  'feedback',
  'fprime',
  'frozen',
];

export { CONV_METRICS, type ConvMetric };

/** Which data each network accepts (the worker refuses other combinations). */
export const DATA_FOR_PRESET: Record<PresetId, readonly DataSource[]> = {
  small: ['random'],
  mnist: ['mnist', 'random'],
  fig1: ['mnist', 'random'],
  cnn: ['mnist', 'random'],
  residual: ['spiral', 'random'],
};

export interface ShareState {
  view: View;
  preset: PresetId;
  /** null: the network's default data. */
  data: DataSource | null;
  seed: number;
  backend: BackendChoice;
  eta: number;
  speed: LiveOptions['speed'];
  schedule: LiveOptions['schedule'];
  feedback: LiveOptions['feedback'];
  fprime: boolean;
  frozen: boolean;
  init: LiveOptions['init'];
  allowUnstable: boolean;
  tolerance: number;
  traces: TracePoint[];
  /** Relaxation steps to take once the network is ready (presets use it to show a run, e.g. Fig. 1). */
  go: number;
  /** Start playing once the network is ready (the wavefront and divergence presets). */
  play: boolean;
  metric: ConvMetric;
  /** The convergence panel's η overlay (Fig. 2 in closed form). */
  overlay: boolean;
  collapsed: PanelId[];
  /** Lab draft: a named preset plus overrides in compact keys (labKeys.ts); null = the app's default. */
  lab: LabPresetId | null;
  /** The lab draft when the link changes any of its fields (not a property of its own: see labKeys.ts). */
  labDraft: LabConfig | null;
  lesson: string | null;
  /** 0-based step of the lesson. */
  lessonStep: number;
  /** Classroom options: hidden panels and controls, locked controls, embed mode (no header chrome). */
  hide: (PanelId | ControlId)[];
  lock: ControlId[];
  embed: boolean;
  /** Test hooks (window.__AR_STORE__…). Read, never written into a link. */
  debug: boolean;
}

export type Parser<T> = (raw: string) => T | undefined;

export const choice =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
export const number =
  (min: number, max: number, int = false): Parser<number> =>
  (raw) => {
    const x = Number(raw);
    return raw.trim() !== '' && Number.isFinite(x) && x >= min && x <= max && (!int || Number.isInteger(x))
      ? x
      : undefined;
  };
export const flag: Parser<boolean> = (raw) =>
  raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined;
/** A comma list of allowed ids: any unknown id makes the whole value malformed; duplicates collapse. */
const idList =
  <T extends string>(values: readonly T[]): Parser<T[]> =>
  (raw) => {
    if (raw === '') return [];
    const ids = raw.split(',');
    if (!ids.every((id) => (values as readonly string[]).includes(id))) return undefined;
    return [...new Set(ids)] as T[];
  };
/** Traces as layer.item.unit joined by commas; whether they fit the network is checked on arrival. */
const traceList: Parser<TracePoint[]> = (raw) => {
  if (raw === '') return [];
  const out: TracePoint[] = [];
  for (const part of raw.split(',')) {
    const m = /^(\d{1,4})\.(\d{1,4})\.(\d{1,6})$/.exec(part);
    if (!m) return undefined;
    out.push({ layer: Number(m[1]), item: Number(m[2]), unit: Number(m[3]) });
  }
  return out.length <= MAX_TRACES ? out : undefined;
};
const lessonId: Parser<string> = (raw) => (/^[a-z0-9-]{1,40}$/.test(raw) ? raw : undefined);
const formatNumber = (x: number) => String(x);
const formatList = (xs: readonly string[]) => xs.join(',');

export interface Prop<K extends keyof ShareState> {
  key: K;
  /** The name in the link. */
  name: string;
  parse: Parser<ShareState[K]>;
  fallback: ShareState[K];
  write: (v: ShareState[K]) => string;
  /** Written into links (debug is not). */
  shared: boolean;
}

const prop = <K extends keyof ShareState>(
  key: K,
  parse: Parser<ShareState[K]>,
  fallback: ShareState[K],
  write: (v: ShareState[K]) => string,
  name: string = key,
  shared = true,
): Prop<K> => ({ key, name, parse, fallback, write, shared });

const str = <T extends string>(v: T) => v;
const bit = (v: boolean) => (v ? '1' : '0');

export const SHARE_PROPS = [
  prop('view', choice(VIEWS), 'relax', str),
  prop('preset', choice(PRESETS), 'small', str),
  prop('data', choice(DATA_SOURCES), null, (v) => v ?? ''),
  prop('seed', number(0, 2 ** 32 - 1, true), 1, formatNumber),
  prop('backend', choice(BACKEND_CHOICES), 'auto', str),
  prop('eta', number(0.001, 10), DEFAULT_OPTIONS.eta, formatNumber),
  prop(
    'speed',
    (raw) => (raw === 'max' ? 'max' : number(MIN_SPEED, MAX_FINITE_SPEED)(raw)),
    DEFAULT_OPTIONS.speed,
    String,
  ),
  prop('schedule', choice(SCHEDULES), DEFAULT_OPTIONS.schedule, str),
  prop('feedback', choice(FEEDBACKS), DEFAULT_OPTIONS.feedback, str),
  prop('fprime', flag, DEFAULT_OPTIONS.fprime, bit),
  prop('frozen', flag, DEFAULT_OPTIONS.frozen, bit),
  prop('init', choice(INITS), DEFAULT_OPTIONS.init, str),
  prop('allowUnstable', flag, DEFAULT_OPTIONS.allowUnstable, bit, 'unstable'),
  prop('tolerance', number(0, 1), DEFAULT_OPTIONS.tolerance, formatNumber, 'tol'),
  prop('traces', traceList, [], (v) => v.map((t) => `${t.layer}.${t.item}.${t.unit}`).join(',')),
  prop('go', number(0, 100_000, true), 0, formatNumber),
  prop('play', flag, false, bit),
  prop('metric', choice(CONV_METRICS), 'relError', str),
  prop('overlay', flag, false, bit),
  prop('collapsed', idList(PANEL_IDS), [], formatList),
  prop('lab', choice(['spiral', 'paper', 'cnn'] as const), null, (v) => v ?? ''),
  prop('lesson', lessonId, null, (v) => v ?? ''),
  prop('lessonStep', number(0, 50, true), 0, formatNumber, 'step'),
  prop('hide', idList<PanelId | ControlId>([...PANEL_IDS, ...CONTROL_IDS]), [], formatList),
  prop('lock', idList(CONTROL_IDS), [], formatList),
  prop('embed', flag, false, bit),
  prop('debug', flag, false, bit, 'debug', false),
] as const;

export function defaultShareState(): ShareState {
  const out = {} as Record<string, unknown>;
  for (const p of SHARE_PROPS) out[p.key] = Array.isArray(p.fallback) ? [...p.fallback] : p.fallback;
  out.labDraft = null;
  return out as unknown as ShareState;
}

/** The classroom keys: presets and lessons never change them (a teacher's link keeps its restrictions). */
export const CLASSROOM_KEYS = ['hide', 'lock', 'embed', 'debug'] as const satisfies (keyof ShareState)[];
