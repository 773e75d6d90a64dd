// One way into the app's state from a ShareState (a link on load, a preset, a lesson step) and one way back
// out (the link for the current state), so all three agree on what a setting means.

import { DEFAULT_OPTIONS, LAB_PRESETS, PRESET_INFO, type LiveOptions } from '../../protocol';
import type { LabConfig, LabPresetId } from '../../protocol/lab';
import { useArStore, useLabStore } from '../../store';
import { fits } from '../../store/slices';
import type { ArClient } from '../../worker/client';
import { labDraftOf, serialiseShare } from './codec';
import { writeLabDraft } from './labKeys';
import { CLASSROOM_KEYS, defaultShareState, type ControlId, type ShareState } from './schema';
import { useUiStore } from './uiStore';

const optionsOf = (s: ShareState): LiveOptions => ({
  eta: s.eta,
  speed: s.speed,
  schedule: s.schedule,
  feedback: s.feedback,
  fprime: s.fprime,
  frozen: s.frozen,
  init: s.init,
  allowUnstable: s.allowUnstable,
  tolerance: s.tolerance,
});

function applyPageState(s: ShareState, keepClassroom: boolean): void {
  useUiStore.getState().set({
    view: s.view,
    metric: s.metric,
    overlay: s.overlay,
    collapsed: s.collapsed,
    lesson: s.lesson,
    lessonStep: s.lessonStep,
    ...(keepClassroom ? {} : { hide: s.hide, lock: s.lock, embed: s.embed }),
  });
  const lab = useLabStore.getState();
  if (s.labDraft) lab.setDraft({ ...s.labDraft, hidden: [...s.labDraft.hidden] });
  else if (s.lab) lab.loadPreset(s.lab);
}

/** Trace the units once a network is there to check them against (a link cannot know the sizes); units the
 *  network does not have are named in the link notice. */
export function traceWhenReady(client: Pick<ArClient, 'selectTraces'>, s: ShareState): void {
  if (s.traces.length === 0) return;
  const select = () => {
    const net = useArStore.getState().net;
    if (!net) return false;
    client.selectTraces(s.traces.filter((p) => fits(net, p)));
    const missing = s.traces.filter((p) => !fits(net, p));
    if (missing.length) {
      const units = missing.map((p) => `${p.layer}.${p.item}.${p.unit}`).join(',');
      const ui = useUiStore.getState();
      ui.set({ problems: [...ui.problems, `traces=${units} (no such unit in this network)`] });
    }
    return true;
  };
  if (select()) return;
  const stop = useArStore.subscribe((st, prev) => {
    if (st.net !== prev.net && select()) stop();
  });
}

/** The state a link opened with: set before the worker starts, so its first configure is already right. */
export function applyInitialState(s: ShareState): void {
  const store = useArStore.getState();
  store.setConfig({
    preset: s.preset,
    data: s.data ?? PRESET_INFO[s.preset].defaultData,
    seed: s.seed,
    backend: s.backend,
  });
  store.setOptions(optionsOf(s));
  applyPageState(s, false);
}

/** After the worker has started: traces and the steps to take. */
export function startInitialRun(client: ArClient, s: ShareState): void {
  traceWhenReady(client, s);
  run(client, s);
}

function run(client: ArClient, s: ShareState): void {
  if (s.go > 0) client.step(s.go);
  else if (s.play) client.play();
}

/**
 * A preset or a lesson step on a running page: the relaxation starts again from step 0 under the new
 * settings (so what the text describes is what happens), and a classroom link's restrictions stay.
 */
export function applyShareState(client: ArClient, s: ShareState): void {
  const { config } = useArStore.getState();
  client.setOptions(optionsOf(s));
  if (s.backend !== config.backend) client.forceBackend(s.backend);
  const data = s.data ?? PRESET_INFO[s.preset].defaultData;
  if (s.preset !== config.preset || s.seed !== config.seed || data !== config.data)
    client.configure(s.preset, s.seed, data);
  else client.reset();
  applyPageState(s, true);
  if (s.traces.length) traceWhenReady(client, s);
  run(client, s);
}

/** The settings each lockable control owns: a preset or a lesson step leaves them as the teacher set them. */
const LOCKED_KEYS: Partial<Record<ControlId, (keyof ShareState)[]>> = {
  tabs: ['view'],
  preset: ['preset', 'data'],
  speed: ['speed'],
  more: ['init', 'tolerance', 'allowUnstable', 'seed'],
  eta: ['eta', 'allowUnstable'],
  schedule: ['schedule'],
  feedback: ['feedback'],
  fprime: ['fprime'],
  frozen: ['frozen'],
};

/** A partial state (a preset, a lesson step) completed with the defaults, as a link would be; the classroom
 *  options and whatever a classroom link locked stay as they are. */
export function completeState(partial: Partial<ShareState>): ShareState {
  const ui = useUiStore.getState();
  const base = defaultShareState();
  const keep = Object.fromEntries(CLASSROOM_KEYS.map((k) => [k, ui[k as keyof typeof ui] ?? base[k]]));
  const now = currentShareState();
  const locked = Object.fromEntries(ui.lock.flatMap((id) => LOCKED_KEYS[id] ?? []).map((k) => [k, now[k]]));
  // Locked run controls: nothing starts by itself either.
  const still = ui.lock.includes('run') ? { play: false, go: 0 } : {};
  return { ...base, ...keep, lesson: ui.lesson, lessonStep: ui.lessonStep, ...partial, ...locked, ...still };
}

/** The named lab preset closest to the draft (fewest differing fields), and the draft if it differs. */
function labOf(draft: LabConfig, preset: LabPresetId | null): Pick<ShareState, 'lab' | 'labDraft'> {
  if (preset) return { lab: preset === 'spiral' ? null : preset, labDraft: null };
  const ids = Object.keys(LAB_PRESETS) as LabPresetId[];
  const best = ids.reduce((a, b) =>
    writeLabDraft(b, draft).length < writeLabDraft(a, draft).length ? b : a,
  );
  return { lab: best === 'spiral' ? null : best, labDraft: draft };
}

/** The current state of the page as a ShareState (what a link would reproduce). */
export function currentShareState(): ShareState {
  const { config } = useArStore.getState();
  const ui = useUiStore.getState();
  const lab = useLabStore.getState();
  const o = { ...DEFAULT_OPTIONS, ...config.options };
  return {
    ...defaultShareState(),
    view: ui.view,
    preset: config.preset,
    data: config.data === PRESET_INFO[config.preset].defaultData ? null : config.data,
    seed: config.seed,
    backend: config.backend,
    eta: o.eta,
    speed: o.speed,
    schedule: o.schedule,
    feedback: o.feedback,
    fprime: o.fprime,
    frozen: o.frozen,
    init: o.init,
    allowUnstable: o.allowUnstable,
    tolerance: o.tolerance,
    traces: config.traces,
    metric: ui.metric,
    overlay: ui.overlay,
    collapsed: ui.collapsed,
    ...labOf(lab.draft, lab.preset),
    lesson: ui.lesson,
    lessonStep: ui.lessonStep,
    hide: ui.hide,
    lock: ui.lock,
    embed: ui.embed,
  };
}

/** The full link for a state (without the page's own query, such as ?debug). */
export function linkFor(s: ShareState): string {
  return `${window.location.origin}${window.location.pathname}${serialiseShare(s)}`;
}

export { labDraftOf };
