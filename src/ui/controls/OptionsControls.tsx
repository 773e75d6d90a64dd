// The relaxation's live options: η, schedule and the four simplifications. Each change is sent at once and
// applies at the next step of a running relaxation.

import { useArStore } from '../../store';
import { useClient } from '../clientContext';
import { fixed } from '../format';
import { LOCKED_TITLE, useControl } from '../share/uiStore';

/** Above 2 the iteration is unstable (every mode decays as (1 − η)^t). */
const STABLE_MAX = 1.99;
const UNSTABLE_MAX = 2.5;

interface ToggleProps {
  /** Locked by a classroom link: shown, disabled. */
  locked?: boolean;
  label: string;
  checked: boolean;
  title: string;
  onChange: (checked: boolean) => void;
}

function Toggle({ label, checked, title, onChange, locked = false }: ToggleProps) {
  return (
    <label className={locked ? 'toggle locked' : 'toggle'} title={locked ? LOCKED_TITLE : title}>
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={locked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="track" aria-hidden="true" />
      <span>{label}</span>
    </label>
  );
}

export function OptionsControls() {
  const client = useClient();
  const o = useArStore((s) => s.config.options);
  const max = o.allowUnstable ? UNSTABLE_MAX : STABLE_MAX;
  const eta = useControl('eta');
  const schedule = useControl('schedule');
  const feedback = useControl('feedback');
  const fprime = useControl('fprime');
  const frozen = useControl('frozen');

  return (
    <div className="group options" role="group" aria-label="Relaxation options">
      {!eta.hidden && (
        <div
          className={eta.locked ? 'field slider locked' : 'field slider'}
          title={
            eta.locked ? LOCKED_TITLE : 'Euler step size η of v ← v + η (target − v); stable for 0 < η < 2'
          }
        >
          <label htmlFor="eta">Step size η</label>
          <input
            id="eta"
            type="range"
            min={0.01}
            max={max}
            step={0.01}
            value={Math.min(o.eta, max)}
            disabled={eta.locked}
            aria-valuetext={fixed(o.eta, 2)}
            onChange={(e) => client.setOptions({ eta: Number(e.target.value) })}
          />
          <span className="num value" aria-hidden="true">
            {fixed(o.eta, 2)}
          </span>
        </div>
      )}

      {!schedule.hidden && (
        <fieldset
          className={schedule.locked ? 'segmented locked' : 'segmented'}
          disabled={schedule.locked}
          title={
            schedule.locked
              ? LOCKED_TITLE
              : "Parallel: every layer from the previous state (the paper). Sequential: a top-down sweep (the authors' code)."
          }
        >
          <legend>Schedule</legend>
          {(['parallel', 'sequential'] as const).map((s) => (
            <label key={s} className={o.schedule === s ? 'on' : ''}>
              <input
                type="radio"
                name="schedule"
                value={s}
                checked={o.schedule === s}
                onChange={() => client.setOptions({ schedule: s })}
              />
              {s === 'parallel' ? 'Parallel' : 'Sequential'}
            </label>
          ))}
        </fieldset>
      )}

      <div className="toggles" role="group" aria-labelledby="simplifications-label">
        <span id="simplifications-label" className="group-label">
          Simplifications
        </span>
        {!feedback.hidden && (
          <Toggle
            locked={feedback.locked}
            label="Learned backward weights"
            checked={o.feedback === 'learned'}
            title="Backward weights ψ learned with the transposed weight update, instead of Wᵀ (no weight transport)"
            onChange={(on) => client.setOptions({ feedback: on ? 'learned' : 'exact' })}
          />
        )}
        {!feedback.hidden && (
          <Toggle
            locked={feedback.locked}
            label="Random feedback"
            checked={o.feedback === 'random'}
            title="Fixed random backward weights ψ instead of Wᵀ (feedback alignment). Unchecking both = exact transport Wᵀ"
            onChange={(on) => client.setOptions({ feedback: on ? 'random' : 'exact' })}
          />
        )}
        {!fprime.hidden && (
          <Toggle
            locked={fprime.locked}
            label="Nonlinear derivative"
            checked={o.fprime}
            title="Multiply by f′(a) in the target; off replaces f′ by 1 (the relaxation then settles away from the gradient)"
            onChange={(on) => client.setOptions({ fprime: on })}
          />
        )}
        {!frozen.hidden && (
          <Toggle
            locked={frozen.locked}
            label="Frozen forward pass"
            checked={o.frozen}
            title="Keep f′ and the Jacobians at the feedforward point; off recomputes them from the relaxing values"
            onChange={(on) => client.setOptions({ frozen: on })}
          />
        )}
      </div>
    </div>
  );
}
