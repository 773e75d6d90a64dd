// Setting up and running an experiment: presets, data set, conditions, hyper-parameters (with inline
// errors), Start / Pause / Resume / Stop, and the progress of the running one.

import { useId, useState } from 'react';
import {
  CONDITION_LABELS,
  DATASET_LABELS,
  IMAGE_SETS,
  isToy,
  LAB_CONDITIONS,
  TOY_DATASETS,
  type LabCondition,
  type LabConfig,
  type LabDataset,
  type LabPresetId,
} from '../../protocol/lab';
import { useLabStore } from '../../store/labStore';
import { useClient } from '../clientContext';
import { Icon } from '../controls/Icon';
import { Panel } from '../Panel';
import { CONDITION_COLORS } from '../theme';
import { formErrors, watchedCondition, type Edits } from './labFields';
import { LabParams } from './LabParams';
import { LabProgressBar } from './LabProgressBar';

const PRESETS: { id: LabPresetId; label: string; hint: string }[] = [
  {
    id: 'spiral',
    label: 'Spiral (toy)',
    hint: '2-D spiral, 32-32 tanh, three conditions: trains in about a minute',
  },
  {
    id: 'paper',
    label: 'Paper preset (MNIST)',
    hint: 'The AR paper’s comparison: 784-300-300-100-10 ReLU, batch 64, α 5e-4, η 0.1, 100 steps, six conditions',
  },
  {
    id: 'cnn',
    label: 'CNN (MNIST)',
    hint: 'The follow-up paper’s CNN, backprop against exact-transport AR, batch 64, η 0.5, 50 steps, 3 epochs',
  },
];

const STOP_ICON = 'M3 3h10v10H3z';

export function LabControls() {
  const client = useClient();
  const draft = useLabStore((s) => s.draft);
  const preset = useLabStore((s) => s.preset);
  const state = useLabStore((s) => s.state);
  const lab = useLabStore((s) => s.lab);
  const setDraft = useLabStore((s) => s.setDraft);
  const loadPreset = useLabStore((s) => s.loadPreset);
  const [edits, setEdits] = useState<Edits>({});
  // The experiment id when Start was pressed: until the worker answers with a newer one, say so.
  const [requested, setRequested] = useState<number | null>(null);
  const base = useId();

  const errors = formErrors(edits, draft);
  const invalid = Object.keys(errors).length > 0;
  const fieldErrors = Object.keys(errors).some((k) => k !== 'form');
  const active = state === 'loading' || state === 'running' || state === 'paused';
  const pending = requested !== null && requested === lab && !active;

  const choosePreset = (id: LabPresetId) => {
    setEdits({});
    loadPreset(id);
  };
  const currentValue = (key: keyof Edits) => (key === 'hidden' ? draft.hidden.join(',') : draft[key]);
  // Remember the text beside the draft value it produced (or, if invalid, the value it failed to replace).
  const edit = (key: keyof Edits, text: string, patch: Partial<LabConfig> | null) => {
    const value = patch
      ? key === 'hidden'
        ? patch.hidden!.join(',')
        : (patch[key] as number)
      : currentValue(key);
    setEdits((e) => ({ ...e, [key]: { text, value } }));
    if (patch) setDraft(patch);
  };
  const toggle = (c: LabCondition, on: boolean) => {
    // Keep the engine's order, so colours and tables list conditions the same way every time.
    const next = LAB_CONDITIONS.filter((x) => (x === c ? on : draft.conditions.includes(x)));
    setDraft({ conditions: next });
  };
  const start = () => {
    if (invalid) return;
    setRequested(lab);
    client.labStart({
      ...draft,
      hidden: [...draft.hidden],
      conditions: [...draft.conditions],
      watch: watchedCondition(draft),
    });
  };

  return (
    <Panel
      name="Training controls"
      span="full"
      title="Training lab"
      subtitle="Train the same network with backprop and with AR variants side by side: same initial weights, same batches. Changes apply at the next Start."
    >
      <div className="lab-top">
        <div className="lab-presets" role="group" aria-label="Presets">
          <span className="group-label">Preset</span>
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`btn${preset === p.id ? ' selected' : ''}`}
              aria-pressed={preset === p.id}
              title={p.hint}
              onClick={() => choosePreset(p.id)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div className="lab-param lab-dataset">
          <label htmlFor={`${base}-data`}>Dataset</label>
          <select
            id={`${base}-data`}
            value={draft.dataset}
            onChange={(e) => {
              const dataset = e.target.value as LabDataset;
              // The CNN takes images only.
              setDraft(isToy(dataset) ? { dataset, arch: 'mlp' } : { dataset });
            }}
          >
            <optgroup label="2-D toy sets">
              {TOY_DATASETS.map((d) => (
                <option key={d} value={d}>
                  {DATASET_LABELS[d]}
                </option>
              ))}
            </optgroup>
            <optgroup label="Images (28 × 28)">
              {IMAGE_SETS.map((d) => (
                <option key={d} value={d}>
                  {DATASET_LABELS[d]}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
      </div>
      <div className="lab-runbar">
        <div className="lab-run" role="group" aria-label="Training run">
          <button type="button" className="btn primary" onClick={start} disabled={active || invalid}>
            <Icon name="play" />
            Start training
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => client.labPause()}
            disabled={state !== 'running'}
          >
            <Icon name="pause" />
            Pause training
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => client.labResume()}
            disabled={state !== 'paused'}
          >
            <Icon name="play" />
            Resume training
          </button>
          <button type="button" className="btn" onClick={() => client.labStop()} disabled={!active}>
            <svg
              className="icon"
              width="14"
              height="14"
              viewBox="0 0 16 16"
              aria-hidden="true"
              focusable="false"
            >
              <path d={STOP_ICON} fill="currentColor" />
            </svg>
            Stop training
          </button>
          {invalid && (
            <p className="lab-error lab-form-error" data-testid="lab-form-error">
              {[errors.form, fieldErrors ? 'fix the highlighted fields below' : null]
                .filter(Boolean)
                .join('; ')
                .replace(/^./, (ch) => ch.toUpperCase())}
              .
            </p>
          )}
        </div>
        <LabProgressBar pending={pending} />
      </div>
      <fieldset className="lab-conditions" aria-describedby={errors.form ? `${base}-cond-err` : undefined}>
        <legend>Conditions</legend>
        {LAB_CONDITIONS.map((c) => (
          <label key={c} className="lab-check" data-condition={c}>
            <input
              type="checkbox"
              checked={draft.conditions.includes(c)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            <span className="swatch" style={{ background: CONDITION_COLORS[c] }} aria-hidden="true" />
            {CONDITION_LABELS[c]}
          </label>
        ))}
        {errors.form && (
          <span id={`${base}-cond-err`} className="lab-error" role="alert">
            {errors.form}
          </span>
        )}
      </fieldset>
      <LabParams draft={draft} edits={edits} errors={errors} onEdit={edit} onDraft={setDraft} />
    </Panel>
  );
}
