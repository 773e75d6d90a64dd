// Reading and writing the shareable state. The hash carries it (`#preset=mnist&eta=0.5`); links from before
// the hash (query keys) are still read, the hash winning. Nothing a link says can crash the page: unknown or
// malformed entries are skipped, and each one is named in `problems` for the notice.

import { LAB_PRESETS, SPIRAL_LAB } from '../../protocol/lab';
import { labKeyOf, readLabDraft, writeLabDraft } from './labKeys';
import { DATA_FOR_PRESET, defaultShareState, SHARE_PROPS, type Parser, type ShareState } from './schema';

export interface ParsedShare {
  state: ShareState;
  /** What was ignored, e.g. "eta=abc (malformed)", "foo (unknown)". */
  problems: string[];
}

/** Above this the relaxation is unstable; the worker refuses it unless unstable η is allowed. */
const STABLE_ETA = 2;

const BY_NAME = new Map<string, (typeof SHARE_PROPS)[number]>(SHARE_PROPS.map((p) => [p.name, p]));

function entries(text: string): [string, string][] {
  try {
    return [...new URLSearchParams(text.replace(/^[#?]/, '')).entries()];
  } catch {
    return [];
  }
}

/**
 * The state a link describes. `hash` wins over `search` (old links kept the state in the query; there only
 * our own keys are read, since the query may carry other things).
 */
export function parseShare(hash: string, search = ''): ParsedShare {
  const state = defaultShareState() as unknown as Record<string, unknown>;
  const problems: string[] = [];
  const seen = new Set<string>();
  const read = (list: [string, string][], strict: boolean) => {
    for (const [name, raw] of list) {
      const p = BY_NAME.get(name);
      if (!p) {
        if (strict && labKeyOf(name) === null) problems.push(`${name || '(empty)'} (unknown)`);
        continue;
      }
      const v = (p.parse as Parser<unknown>)(raw);
      if (v === undefined) problems.push(`${name}=${raw} (malformed)`);
      else {
        state[p.key] = v;
        seen.add(p.key);
      }
    }
  };
  read(entries(search), false);
  const hashEntries = entries(hash);
  read(hashEntries, true);
  const s = state as unknown as ShareState;

  // Combinations each value alone cannot rule out.
  if (s.data !== null && !DATA_FOR_PRESET[s.preset].includes(s.data)) {
    problems.push(`data=${s.data} (not for the ${s.preset} network)`);
    s.data = null;
  }
  if (s.eta >= STABLE_ETA && !s.allowUnstable) {
    problems.push(`eta=${s.eta} (unstable: needs unstable=1)`);
    s.eta = defaultShareState().eta;
  }
  if (s.lesson === null) s.lessonStep = 0;
  const labEntries = hashEntries.filter(([name]) => labKeyOf(name) !== null);
  s.labDraft = readLabDraft(s.lab ?? 'spiral', labEntries, problems);
  return { state: s, problems };
}

/** The hash for a state: only shared values that differ from their defaults ('' when all are defaults). */
export function serialiseShare(state: ShareState): string {
  const defaults = defaultShareState() as unknown as Record<string, unknown>;
  const q = new URLSearchParams();
  for (const p of SHARE_PROPS) {
    if (!p.shared) continue;
    const v = state[p.key];
    const write = p.write as (v: unknown) => string;
    if (write(v) !== write(defaults[p.key])) q.set(p.name, write(v));
  }
  if (state.labDraft) {
    const base = state.lab ?? 'spiral';
    for (const [k, v] of writeLabDraft(base, state.labDraft)) q.set(k, v);
  }
  // Commas and dots read better unescaped; URLSearchParams decodes them either way.
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `#${s}` : '';
}

/** The lab draft a state stands for (its named preset, the overrides, or the app's default). */
export function labDraftOf(state: Pick<ShareState, 'lab' | 'labDraft'>) {
  return state.labDraft ?? (state.lab ? LAB_PRESETS[state.lab] : SPIRAL_LAB);
}
