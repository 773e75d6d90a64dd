// Experiment setup: network preset, speed, and the rarely needed settings under "More" (with the theme and
// the network file).

import { PRESET_INFO, PRESETS, type Speed } from '../../protocol';
import { useArStore } from '../../store';
import { useClient } from '../clientContext';
import { LOCKED_TITLE, useControl } from '../share/uiStore';
import { NetworkFile } from '../export/NetworkFile';
import { BackendBadge } from './BackendBadge';
import { ThemeSwitch } from './ThemeSwitch';

/** Speed positions of the slider: steps per second, then "max". */
export const SPEEDS: readonly Speed[] = [1, 2, 5, 10, 20, 30, 60, 100, 300, 1000, 3000, 'max'];
const TOLERANCES = [1e-3, 1e-4, 1e-5, 1e-6, 0] as const;

function speedIndex(speed: Speed): number {
  const i = SPEEDS.indexOf(speed);
  if (i >= 0) return i;
  // An off-grid speed (from the URL) shows at the nearest position below it.
  const below = SPEEDS.filter((s) => s !== 'max' && (speed === 'max' || s <= speed)).length - 1;
  return Math.max(0, below);
}

export const speedLabel = (s: Speed) => (s === 'max' ? 'max' : `${s} step${s === 1 ? '' : 's'}/s`);

export function SetupControls() {
  const client = useClient();
  const preset = useArStore((s) => s.config.preset);
  const o = useArStore((s) => s.config.options);
  const seed = useArStore((s) => s.config.seed);
  const net = useControl('preset');
  const speed = useControl('speed');
  const more = useControl('more');

  return (
    <div className="group setup" role="group" aria-label="Experiment setup">
      {!net.hidden && (
        <div className={net.locked ? 'field locked' : 'field'} title={net.locked ? LOCKED_TITLE : undefined}>
          <label htmlFor="preset">Network</label>
          <select
            id="preset"
            value={preset}
            disabled={net.locked}
            title={net.locked ? LOCKED_TITLE : PRESET_INFO[preset].summary}
            onChange={(e) => client.configure(e.target.value as typeof preset)}
          >
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {PRESET_INFO[p].label}
              </option>
            ))}
          </select>
        </div>
      )}
      {!speed.hidden && (
        <div
          className={speed.locked ? 'field slider locked' : 'field slider'}
          title={
            speed.locked
              ? LOCKED_TITLE
              : 'Relaxation steps per second; max runs as fast as the backend allows'
          }
        >
          <label htmlFor="speed">Speed</label>
          <input
            id="speed"
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIndex(o.speed)}
            disabled={speed.locked}
            aria-valuetext={speedLabel(o.speed)}
            onChange={(e) => client.setOptions({ speed: SPEEDS[Number(e.target.value)] })}
          />
          <span className="num value wide" aria-hidden="true">
            {speedLabel(o.speed)}
          </span>
        </div>
      )}
      <BackendBadge />
      <details className="more">
        <summary>More</summary>
        <div className="more-body">
          {/* The run's parameters, which a classroom link can hide or lock; the theme and the network file
              stay (a projector theme is the room's choice). */}
          {!more.hidden && (
            <fieldset
              className={more.locked ? 'more-params locked' : 'more-params'}
              disabled={more.locked}
              title={more.locked ? LOCKED_TITLE : undefined}
            >
              <div className="field">
                <label htmlFor="init">Initial state</label>
                <select
                  id="init"
                  value={o.init}
                  title="Where v starts after Reset: the feedforward values x̄ (authors) or zeros"
                  onChange={(e) => client.setOptions({ init: e.target.value as typeof o.init })}
                >
                  <option value="feedforward">Feedforward x̄ (on reset)</option>
                  <option value="zeros">Zeros (on reset)</option>
                </select>
              </div>
              <div className="field">
                <label htmlFor="tolerance">Stop when residual ≤</label>
                <select
                  id="tolerance"
                  value={o.tolerance}
                  title="Stop as converged when every hidden layer's ‖target − v‖ is below this fraction of ‖g‖"
                  onChange={(e) => client.setOptions({ tolerance: Number(e.target.value) })}
                >
                  {TOLERANCES.map((t) => (
                    <option key={t} value={t}>
                      {t === 0 ? 'never stop' : `${t.toExponential(0)} × ‖g‖`}
                    </option>
                  ))}
                </select>
              </div>
              <label className="toggle" title="Permit η ≥ 2; divergence is then detected and stops the run">
                <input
                  type="checkbox"
                  role="switch"
                  checked={o.allowUnstable}
                  onChange={(e) =>
                    client.setOptions({
                      allowUnstable: e.target.checked,
                      ...(e.target.checked ? {} : { eta: Math.min(o.eta, 1.99) }),
                    })
                  }
                />
                <span className="track" aria-hidden="true" />
                <span>Allow unstable η</span>
              </label>
              <div className="field">
                <label htmlFor="seed">Seed</label>
                <input
                  id="seed"
                  type="number"
                  min={0}
                  step={1}
                  value={seed}
                  title="Seed of the weights and the batch"
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    if (Number.isInteger(v) && v >= 0) client.configure(preset, v);
                  }}
                />
              </div>
            </fieldset>
          )}
          <ThemeSwitch />
          <NetworkFile />
        </div>
      </details>
    </div>
  );
}
