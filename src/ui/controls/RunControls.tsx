// Play / Pause / Step / Reset and the step counter.

import { useState } from 'react';
import { useArStore, type ArState } from '../../store';
import { useClient } from '../clientContext';
import { LOCKED_TITLE, useControl } from '../share/uiStore';
import { integer } from '../format';
import { useFrameSelector } from '../useFrameSelector';
import { Icon } from './Icon';

const STEP_SIZES = [1, 10, 100, 1000] as const;

const selectStep = (s: ArState) => s.run.step;

export function RunControls() {
  const client = useClient();
  const state = useArStore((s) => s.run.state);
  const ready = useArStore((s) => s.net !== null);
  const step = useFrameSelector(selectStep);
  const [stepSize, setStepSize] = useState<number>(1);
  const running = state === 'running';
  const locked = useControl('run').locked;
  const busy = state === 'starting' || state === 'loading' || locked;

  return (
    <div
      className={locked ? 'group run-controls locked' : 'group run-controls'}
      role="group"
      aria-label="Run controls"
      title={locked ? LOCKED_TITLE : undefined}
    >
      <button
        type="button"
        className="btn primary"
        onClick={() => client.play()}
        disabled={!ready || busy || running}
        title="Relax continuously at the chosen speed"
      >
        <Icon name="play" />
        Play
      </button>
      <button
        type="button"
        className="btn"
        onClick={() => client.pause()}
        disabled={!running || locked}
        title="Stop after the current tick; the state is kept"
      >
        <Icon name="pause" />
        Pause
      </button>
      <span className="joined">
        <button
          type="button"
          className="btn"
          onClick={() => client.step(stepSize)}
          disabled={!ready || busy || running}
          title={`Take ${stepSize} relaxation step${stepSize > 1 ? 's' : ''}`}
        >
          <Icon name="step" />
          Step
        </button>
        <select
          aria-label="Steps per click"
          disabled={locked}
          title="Steps per click of Step"
          value={stepSize}
          onChange={(e) => setStepSize(Number(e.target.value))}
        >
          {STEP_SIZES.map((n) => (
            <option key={n} value={n}>
              ×{n}
            </option>
          ))}
        </select>
      </span>
      <button
        type="button"
        className="btn"
        onClick={() => client.reset()}
        disabled={!ready || busy}
        title="Back to step 0 on the same batch"
      >
        <Icon name="reset" />
        Reset
      </button>
      <div className="counter" title="Relaxation steps taken on this batch">
        <span id="step-label" className="counter-label">
          Step
        </span>
        {/* A timer role: a counter that is not announced on every change (unlike <output>, a status). */}
        <span
          role="timer"
          aria-labelledby="step-label"
          className="counter-value"
          data-testid="step-counter"
          data-value={step}
        >
          {integer(step)}
        </span>
      </div>
    </div>
  );
}
