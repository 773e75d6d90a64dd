// The training lab's draft in a link: a named preset (`lab=paper`) plus the fields that differ from it, each
// under a short key (`l.eta=0.2`), so a link stays readable. Fields reuse the lab form's bounds (labFields.ts);
// the assembled config must also pass the protocol's own guard, or the overrides are dropped.

import {
  LAB_ACTIVATIONS,
  LAB_ARCHS,
  LAB_CONDITIONS,
  LAB_DATASETS,
  LAB_PRESETS,
  type LabConfig,
  type LabPresetId,
} from '../../protocol/lab';
import { SCHEDULES } from '../../protocol/messages';
import { labConfig as labConfigGuard } from '../../protocol/validateLab';
import { NUM_FIELDS, type NumKey } from '../lab/labFields';
import { choice, type Parser } from './schema';

export const LAB_KEY_PREFIX = 'l.';

type LabKey = keyof LabConfig;

/** Short names in the link for each lab field. */
const SHORT: Record<LabKey, string> = {
  dataset: 'data',
  toyPoints: 'pts',
  toyNoise: 'noise',
  trainSize: 'train',
  testSize: 'test',
  arch: 'arch',
  hidden: 'h',
  activation: 'f',
  sigma: 'sigma',
  alpha: 'alpha',
  batch: 'batch',
  eta: 'eta',
  schedule: 'sched',
  steps: 'steps',
  tolerance: 'tol',
  epochs: 'ep',
  seed: 'seed',
  conditions: 'c',
  evalEvery: 'eval',
  watchEvery: 'watch',
  watch: 'follow',
};

const numField = (key: NumKey): Parser<number> => {
  const f = NUM_FIELDS.find((x) => x.key === key)!;
  return (raw) => {
    const v = Number(raw);
    return raw.trim() !== '' &&
      Number.isFinite(v) &&
      v >= f.min &&
      v <= f.max &&
      (!f.integer || Number.isInteger(v))
      ? v
      : undefined;
  };
};

const PARSERS: { [K in LabKey]: Parser<LabConfig[K]> } = {
  dataset: choice(LAB_DATASETS),
  toyPoints: numField('toyPoints'),
  toyNoise: numField('toyNoise'),
  trainSize: numField('trainSize'),
  testSize: numField('testSize'),
  arch: choice(LAB_ARCHS),
  hidden: (raw) => {
    const sizes = raw.split('-').map(Number);
    return raw !== '' && sizes.length <= 6 && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 2048)
      ? sizes
      : undefined;
  },
  activation: choice(LAB_ACTIVATIONS),
  sigma: numField('sigma'),
  alpha: numField('alpha'),
  batch: numField('batch'),
  eta: numField('eta'),
  schedule: choice(SCHEDULES),
  steps: numField('steps'),
  tolerance: (raw) => {
    const v = Number(raw);
    return raw !== '' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined;
  },
  epochs: numField('epochs'),
  seed: numField('seed'),
  conditions: (raw) => {
    const ids = raw.split(',');
    return raw !== '' && ids.every((c) => (LAB_CONDITIONS as readonly string[]).includes(c))
      ? ([...new Set(ids)] as LabConfig['conditions'])
      : undefined;
  },
  evalEvery: numField('evalEvery'),
  watchEvery: numField('watchEvery'),
  watch: choice(LAB_CONDITIONS),
};

const write = (key: LabKey, v: LabConfig[LabKey]): string =>
  key === 'hidden' ? (v as number[]).join('-') : Array.isArray(v) ? v.join(',') : String(v);

const LONG = Object.fromEntries(Object.entries(SHORT).map(([k, s]) => [s, k as LabKey])) as Record<
  string,
  LabKey
>;

/** The lab field a link key names (`l.eta` → eta), or null when the key is not a lab key. */
export function labKeyOf(name: string): LabKey | null | 'unknown' {
  if (!name.startsWith(LAB_KEY_PREFIX)) return null;
  return LONG[name.slice(LAB_KEY_PREFIX.length)] ?? 'unknown';
}

/** The lab draft from the named base and the overrides; problems name what was ignored. */
export function readLabDraft(
  base: LabPresetId,
  entries: [string, string][],
  problems: string[],
): LabConfig | null {
  if (entries.length === 0) return null;
  const draft: LabConfig = { ...LAB_PRESETS[base], hidden: [...LAB_PRESETS[base].hidden] };
  const patch: Partial<Record<LabKey, unknown>> = {};
  for (const [name, raw] of entries) {
    const key = labKeyOf(name);
    if (key === null) continue;
    if (key === 'unknown') {
      problems.push(`${name} (unknown)`);
      continue;
    }
    const v = (PARSERS[key] as Parser<unknown>)(raw);
    if (v === undefined) problems.push(`${name}=${raw} (malformed)`);
    else patch[key] = v;
  }
  if (Object.keys(patch).length === 0) return null;
  const out = { ...draft, ...patch } as LabConfig;
  const reason = labConfigGuard(out, 'lab');
  if (reason) {
    problems.push(`lab settings (${reason})`);
    return null;
  }
  return out;
}

/** Link entries for the fields of `draft` that differ from the base preset. */
export function writeLabDraft(base: LabPresetId, draft: LabConfig): [string, string][] {
  const ref = LAB_PRESETS[base];
  const out: [string, string][] = [];
  for (const key of Object.keys(SHORT) as LabKey[]) {
    const v = write(key, draft[key]);
    if (v !== write(key, ref[key])) out.push([LAB_KEY_PREFIX + SHORT[key], v]);
  }
  return out;
}
