// The lab form's numeric fields in one declarative list (label, bounds, which data sets use them) and
// their parsing, so the controls, the inline errors and the Start button agree on what is valid.

import { isToy, type LabConfig, type LabCondition, type LabDataset } from '../../protocol/lab';

export type NumKey =
  | 'alpha'
  | 'batch'
  | 'eta'
  | 'steps'
  | 'epochs'
  | 'seed'
  | 'sigma'
  | 'toyPoints'
  | 'toyNoise'
  | 'trainSize'
  | 'testSize'
  | 'evalEvery'
  | 'watchEvery';

export interface NumField {
  key: NumKey;
  label: string;
  /** Shown under the field (and as its description). */
  hint: string;
  integer: boolean;
  min: number;
  max: number;
  only?: 'toy' | 'image';
}

export const NUM_FIELDS: NumField[] = [
  {
    key: 'alpha',
    label: 'Learning rate α',
    hint: 'SGD step on the weights',
    integer: false,
    min: 1e-7,
    max: 10,
  },
  { key: 'batch', label: 'Batch size', hint: 'Items per update', integer: true, min: 1, max: 1024 },
  {
    key: 'eta',
    label: 'Relaxation step η',
    hint: 'Stable for 0 < η < 2',
    integer: false,
    min: 1e-4,
    max: 1.999,
  },
  { key: 'steps', label: 'Relaxation steps', hint: 'Per batch', integer: true, min: 1, max: 2000 },
  { key: 'epochs', label: 'Epochs', hint: 'Passes over the training set', integer: true, min: 1, max: 500 },
  {
    key: 'seed',
    label: 'Seed',
    hint: 'Weights, batch order, toy points',
    integer: true,
    min: 0,
    max: 2 ** 31 - 1,
  },
  { key: 'sigma', label: 'Initial weight σ', hint: 'W ~ N(0, σ²)', integer: false, min: 1e-4, max: 5 },
  {
    key: 'toyPoints',
    label: 'Points',
    hint: 'Half held out for testing',
    integer: true,
    min: 20,
    max: 5000,
    only: 'toy',
  },
  { key: 'toyNoise', label: 'Noise', hint: '0 – 0.5', integer: false, min: 0, max: 0.5, only: 'toy' },
  {
    key: 'trainSize',
    label: 'Training items',
    hint: 'Seeded split',
    integer: true,
    min: 64,
    max: 60000,
    only: 'image',
  },
  {
    key: 'testSize',
    label: 'Test items',
    hint: 'Held out',
    integer: true,
    min: 10,
    max: 60000,
    only: 'image',
  },
  {
    key: 'evalEvery',
    label: 'Evaluate every',
    hint: 'Batches (and each epoch’s end)',
    integer: true,
    min: 1,
    max: 100000,
  },
  {
    key: 'watchEvery',
    label: 'Follow relaxation every',
    hint: 'Batches; 0 = never',
    integer: true,
    min: 0,
    max: 100000,
  },
];

export function visibleFields(dataset: LabDataset): NumField[] {
  const toy = isToy(dataset);
  return NUM_FIELDS.filter((f) => !f.only || (f.only === 'toy') === toy);
}

/** The number in `text`, or an error message. */
export function parseNum(f: NumField, text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (!t) return { error: 'Enter a value' };
  const v = Number(t);
  if (!Number.isFinite(v)) return { error: 'Not a number' };
  if (f.integer && !Number.isInteger(v)) return { error: 'Must be a whole number' };
  if (v < f.min || v > f.max) return { error: `Must be between ${f.min} and ${f.max}` };
  return { value: v };
}

export const MAX_HIDDEN_LAYERS = 6;
export const MAX_HIDDEN_UNITS = 2048;

/** "24, 24" → [24, 24]; at least one layer, whole numbers 1 … MAX_HIDDEN_UNITS. */
export function parseHidden(text: string): { value: number[] } | { error: string } {
  const parts = text
    .split(/[\s,×x-]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return { error: 'Give at least one layer, e.g. 24,24' };
  if (parts.length > MAX_HIDDEN_LAYERS) return { error: `At most ${MAX_HIDDEN_LAYERS} hidden layers` };
  const sizes = parts.map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_HIDDEN_UNITS))
    return { error: `Layer sizes are whole numbers from 1 to ${MAX_HIDDEN_UNITS}, e.g. 24,24` };
  return { value: sizes };
}

export const formatHidden = (h: number[]) => h.join(',');

/** What the user typed in a field, and the draft value it produced (or stood beside, if invalid). */
export interface Edit {
  text: string;
  value: number | string;
}
export type Edits = Partial<Record<NumKey | 'hidden', Edit>>;

/** The text a field shows: the user's own while it still belongs to the draft's value. */
export function shownText(edits: Edits, key: NumKey | 'hidden', draft: LabConfig): string {
  const value = key === 'hidden' ? formatHidden(draft.hidden) : draft[key];
  const e = edits[key];
  return e && e.value === value ? e.text : String(value);
}

/** Every invalid field of the form (keyed), plus form-level problems under 'form'. */
export function formErrors(
  edits: Edits,
  draft: LabConfig,
): Partial<Record<NumKey | 'hidden' | 'form', string>> {
  const out: Partial<Record<NumKey | 'hidden' | 'form', string>> = {};
  for (const f of visibleFields(draft.dataset)) {
    const r = parseNum(f, shownText(edits, f.key, draft));
    if ('error' in r) out[f.key] = r.error;
  }
  const h = parseHidden(shownText(edits, 'hidden', draft));
  if ('error' in h) out.hidden = h.error;
  if (!draft.conditions.length) out.form = 'Choose at least one condition';
  return out;
}

/** The AR condition the relaxation panels follow: the draft's choice if it runs, else the first AR one. */
export function watchedCondition(draft: LabConfig): LabCondition {
  const ar: LabCondition[] = draft.conditions.filter((c) => c !== 'bp');
  return ar.includes(draft.watch) ? draft.watch : (ar[0] ?? draft.watch);
}
