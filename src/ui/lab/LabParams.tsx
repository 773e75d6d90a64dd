// The experiment's hyper-parameters: network, relaxation, training, data and what the relaxation panels
// follow. Text inputs keep what the user typed, so a bad value stays visible beside its error message;
// only valid values reach the draft config.

import { useId } from 'react';
import { CONDITION_LABELS, isToy, LAB_ACTIVATIONS, type LabConfig } from '../../protocol/lab';
import {
  parseHidden,
  parseNum,
  shownText,
  visibleFields,
  watchedCondition,
  type Edits,
  type NumField,
} from './labFields';

interface Props {
  draft: LabConfig;
  edits: Edits;
  errors: Partial<Record<string, string>>;
  onEdit(key: keyof Edits, text: string, patch: Partial<LabConfig> | null): void;
  onDraft(patch: Partial<LabConfig>): void;
}

function TextField({
  id,
  label,
  hint,
  value,
  error,
  numeric,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  error?: string;
  numeric: 'decimal' | 'numeric' | 'text';
  onChange(text: string): void;
}) {
  return (
    <div className={`lab-param${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="lab-input num"
        type="text"
        inputMode={numeric}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-msg`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-msg`} className={error ? 'lab-error' : 'lab-hint'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </span>
    </div>
  );
}

export function LabParams({ draft, edits, errors, onEdit, onDraft }: Props) {
  const base = useId();
  const fields = visibleFields(draft.dataset);
  const ar = draft.conditions.filter((c) => c !== 'bp');
  const byKey = (k: string) => fields.find((f) => f.key === k);
  const numField = (f: NumField | undefined) =>
    f && (
      <TextField
        key={f.key}
        id={`${base}-${f.key}`}
        label={f.label}
        hint={f.hint}
        value={shownText(edits, f.key, draft)}
        error={errors[f.key]}
        numeric={f.integer ? 'numeric' : 'decimal'}
        onChange={(text) => {
          const r = parseNum(f, text);
          onEdit(f.key, text, 'value' in r ? { [f.key]: r.value } : null);
        }}
      />
    );

  return (
    <div className="lab-params">
      <fieldset className="lab-group">
        <legend>Network</legend>
        <div className="lab-param">
          <label htmlFor={`${base}-arch`}>Architecture</label>
          <select
            id={`${base}-arch`}
            value={draft.arch}
            onChange={(e) => onDraft({ arch: e.target.value as LabConfig['arch'] })}
          >
            <option value="mlp">MLP (dense layers)</option>
            <option value="cnn" disabled={isToy(draft.dataset)}>
              CNN (follow-up paper)
            </option>
          </select>
          <span className="lab-hint">
            {draft.arch === 'cnn'
              ? 'conv 6@5×5 → pool 2 → conv 16@5×5 → 120 → 84 → classes'
              : 'Input → hidden layers → classes'}
          </span>
        </div>
        {draft.arch === 'mlp' && (
          <TextField
            id={`${base}-hidden`}
            label="Hidden layers"
            hint="Units per layer, e.g. 24,24"
            value={shownText(edits, 'hidden', draft)}
            error={errors.hidden}
            numeric="text"
            onChange={(text) => {
              const r = parseHidden(text);
              onEdit('hidden', text, 'value' in r ? { hidden: r.value } : null);
            }}
          />
        )}
        <div className="lab-param">
          <label htmlFor={`${base}-act`}>Activation</label>
          <select
            id={`${base}-act`}
            value={draft.activation}
            onChange={(e) => onDraft({ activation: e.target.value as LabConfig['activation'] })}
          >
            {LAB_ACTIVATIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
          <span className="lab-hint">Linear output layer</span>
        </div>
        {numField(byKey('sigma'))}
      </fieldset>
      <fieldset className="lab-group">
        <legend>Relaxation</legend>
        {numField(byKey('eta'))}
        {numField(byKey('steps'))}
        <div className="lab-param">
          <label htmlFor={`${base}-sched`}>Schedule</label>
          <select
            id={`${base}-sched`}
            value={draft.schedule}
            onChange={(e) => onDraft({ schedule: e.target.value as LabConfig['schedule'] })}
          >
            <option value="parallel">parallel</option>
            <option value="sequential">sequential</option>
          </select>
          <span className="lab-hint">Layers at once, or top-down</span>
        </div>
      </fieldset>
      <fieldset className="lab-group">
        <legend>Training</legend>
        {numField(byKey('alpha'))}
        {numField(byKey('batch'))}
        {numField(byKey('epochs'))}
        {numField(byKey('seed'))}
      </fieldset>
      <fieldset className="lab-group">
        <legend>Data and evaluation</legend>
        {numField(byKey('toyPoints'))}
        {numField(byKey('toyNoise'))}
        {numField(byKey('trainSize'))}
        {numField(byKey('testSize'))}
        {numField(byKey('evalEvery'))}
      </fieldset>
      <fieldset className="lab-group">
        <legend>Watching</legend>
        {numField(byKey('watchEvery'))}
        <div className="lab-param">
          <label htmlFor={`${base}-watch`}>Relaxation panels follow</label>
          <select
            id={`${base}-watch`}
            value={watchedCondition(draft)}
            disabled={!ar.length}
            onChange={(e) => onDraft({ watch: e.target.value as LabConfig['watch'] })}
          >
            {ar.length ? (
              ar.map((c) => (
                <option key={c} value={c}>
                  {CONDITION_LABELS[c]}
                </option>
              ))
            ) : (
              <option value={draft.watch}>No AR condition chosen</option>
            )}
          </select>
          <span className="lab-hint">Whose relaxation is shown</span>
        </div>
      </fieldset>
    </div>
  );
}
