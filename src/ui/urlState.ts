// Shareable state in the URL query, declared once (name, parser, default) in the TensorFlow Playground
// manner: reading ignores unknown or malformed keys, writing only lists values that differ from defaults.

import {
  BACKEND_CHOICES,
  DEFAULT_OPTIONS,
  FEEDBACKS,
  MAX_FINITE_SPEED,
  MIN_SPEED,
  PRESETS,
  SCHEDULES,
  type BackendChoice,
  type LiveOptions,
  type PresetId,
} from '../protocol';

export const VIEWS = ['relax', 'lab'] as const;
export type View = (typeof VIEWS)[number];

export interface UrlState {
  /** relax: the relaxation of one batch; lab: the training lab. */
  view: View;
  preset: PresetId;
  seed: number;
  backend: BackendChoice;
  eta: number;
  speed: LiveOptions['speed'];
  schedule: LiveOptions['schedule'];
  feedback: LiveOptions['feedback'];
  fprime: boolean;
  frozen: boolean;
  /** Test hooks: window.__AR_STORE__, window.__AR_DEBUG__ (fault injection). Never written back. */
  debug: boolean;
}

type Parser<T> = (raw: string) => T | undefined;

const choice =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
const number =
  (min: number, max: number, int = false): Parser<number> =>
  (raw) => {
    const x = Number(raw);
    return raw !== '' && Number.isFinite(x) && x >= min && x <= max && (!int || Number.isInteger(x))
      ? x
      : undefined;
  };
const flag: Parser<boolean> = (raw) =>
  raw === '1' || raw === 'true' ? true : raw === '0' || raw === 'false' ? false : undefined;

interface Param<K extends keyof UrlState> {
  key: K;
  parse: Parser<UrlState[K]>;
  fallback: UrlState[K];
  shared: boolean;
}

const param = <K extends keyof UrlState>(
  key: K,
  parse: Parser<UrlState[K]>,
  fallback: UrlState[K],
  shared = true,
): Param<K> => ({
  key,
  parse,
  fallback,
  shared,
});

export const URL_PARAMS = [
  param('view', choice(VIEWS), 'relax'),
  param('preset', choice(PRESETS), 'small'),
  param('seed', number(0, 2 ** 32 - 1, true), 1),
  param('backend', choice(BACKEND_CHOICES), 'auto'),
  param('eta', number(0.001, 10), DEFAULT_OPTIONS.eta),
  param(
    'speed',
    (raw) => (raw === 'max' ? 'max' : number(MIN_SPEED, MAX_FINITE_SPEED)(raw)),
    DEFAULT_OPTIONS.speed,
  ),
  param('schedule', choice(SCHEDULES), DEFAULT_OPTIONS.schedule),
  param('feedback', choice(FEEDBACKS), DEFAULT_OPTIONS.feedback),
  param('fprime', flag, DEFAULT_OPTIONS.fprime),
  param('frozen', flag, DEFAULT_OPTIONS.frozen),
  param('debug', flag, false, false),
] as const;

export function readUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const out = {} as Record<string, unknown>;
  for (const p of URL_PARAMS) {
    const raw = q.get(p.key);
    const parsed = raw === null ? undefined : (p.parse as Parser<unknown>)(raw);
    out[p.key] = parsed ?? p.fallback;
  }
  return out as unknown as UrlState;
}

/** Query string for the state: shared keys that differ from their defaults, plus keys we do not own. */
export function writeUrlState(state: UrlState, currentSearch: string): string {
  const q = new URLSearchParams(currentSearch);
  for (const p of URL_PARAMS) {
    if (!p.shared) continue;
    const v = state[p.key];
    if (v === p.fallback) q.delete(p.key);
    else q.set(p.key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
