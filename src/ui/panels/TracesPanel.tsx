// Neuron traces: v(t) of single units as they relax, each against its exact backprop gradient g (dashed)
// and, optionally, the local target it is moving toward. The worker traces one unit per hidden layer by
// default; the picker adds or removes units (the worker records them from the next step on).

import { useEffect, useMemo, useRef, useState } from 'react';
import type { TracePoint } from '../../protocol';
import { selectViewValues, useArStore, type ArState } from '../../store';
import { useClient } from '../clientContext';
import { dataValue, integer, sci } from '../format';
import { Panel } from '../Panel';
import { layerColor, panelTheme } from '../theme';
import { useReadout } from './useReadout';
import { TracesPicker, layerName } from './TracesPicker';
import { gradientOf, useTracesChart } from './useTracesChart';

const selectData = (s: ArState) => {
  const view = selectViewValues(s);
  return {
    net: s.net,
    reference: s.reference,
    traced: s.traj.traces,
    step: view.step,
    values: view.values,
    live: view.live,
    selected: s.selected,
  };
};

const same = (a: readonly TracePoint[], b: readonly TracePoint[]) =>
  a.length === b.length &&
  a.every((p, i) => p.layer === b[i].layer && p.item === b[i].item && p.unit === b[i].unit);
const key = (p: TracePoint) => `${p.layer}-${p.item}-${p.unit}`;

export function TracesPanel() {
  const client = useClient();
  const container = useRef<HTMLDivElement>(null);
  const [showTarget, setShowTarget] = useState(true);
  // Edits wait for the worker's next batch; until then show what was asked for.
  const [pending, setPending] = useState<{ net: unknown; list: TracePoint[] } | null>(null);
  const { net, reference, traced, step, values, live, selected } = useReadout(selectData);
  const setSelected = useArStore((s) => s.setSelected);
  const asked = useArStore((s) => s.config.traces);
  // Before the first step the worker has recorded nothing: show what was asked for.
  const list =
    pending && pending.net === net && !same(pending.list, traced)
      ? pending.list
      : traced.length
        ? traced
        : asked;
  const layoutKey = useMemo(() => list.map(key).join('|'), [list]);
  useTracesChart(container, layoutKey, showTarget);

  const update = (next: TracePoint[]) => {
    setPending({ net, list: next });
    client.selectTraces(next);
  };

  // Nothing asked for yet: trace unit 0 of item 0 in every hidden layer (the wavefront reads across them).
  useEffect(() => {
    const s = useArStore.getState();
    if (net && s.config.traces.length === 0 && s.traj.traces.length === 0)
      client.selectTraces(net.hidden.map((layer) => ({ layer, item: 0, unit: 0 })));
  }, [net, client]);
  return (
    <Panel
      name="Neuron traces"
      span="wide"
      title="Neuron traces"
      subtitle={
        <>
          v(t) of single units as they relax (one chart per unit, shared step axis), against the exact
          gradient g from autodiff. Click a chart to inspect that unit.
        </>
      }
      actions={
        <label className="toggle">
          <input
            type="checkbox"
            role="switch"
            checked={showTarget}
            onChange={(e) => setShowTarget(e.target.checked)}
          />
          <span className="track" aria-hidden="true" />
          <span>Local target</span>
        </label>
      }
    >
      <ul className="legend traces-legend" aria-label="Legend">
        <li>
          <span className="swatch" style={{ background: layerColor(0) }} aria-hidden="true" />
          v(t), relaxing value (layer colour)
        </li>
        <li>
          <span className="traces-dash" aria-hidden="true" />
          g, exact backprop gradient
        </li>
        {showTarget && (
          <li>
            <span
              className="swatch"
              style={{ background: layerColor(0), opacity: panelTheme.traces.targetOpacity }}
              aria-hidden="true"
            />
            local target B(v<sub>l+1</sub> ⊙ f′), what the unit moves toward
          </li>
        )}
      </ul>
      {net && <TracesPicker net={net} traces={list} onAdd={(p) => update([...list, p])} />}
      <p className="traces-at muted small">
        Numbers below each chart are at step {integer(step)}
        {live ? ' (live)' : ' (the timeline position, marked by the grey rule)'}.
      </p>
      <div className="traces-host" ref={container}>
        {list.length === 0 ? (
          <p className="muted traces-empty">
            No units traced. Pick a layer, unit and item above and press “+ Trace”.
          </p>
        ) : (
          <ul className="traces-cells" aria-label="Traced units">
            {list.map((p, j) => {
              const name = net ? `${layerName(net, p.layer)} · unit ${p.unit} · item ${p.item}` : '';
              const k = net?.hidden.indexOf(p.layer) ?? -1;
              const n = net?.layerSizes[p.layer] ?? 0;
              const v = values?.[p.layer]?.[p.item * n + p.unit] ?? null;
              const g = reference ? gradientOf(net, reference, p) : null;
              const diff = v !== null && g !== null ? Math.abs(v - g) : null;
              const recording = traced.some((t) => key(t) === key(p));
              const isSel = selected !== null && key(selected) === key(p);
              return (
                <li key={key(p)} className={`traces-cell${isSel ? ' selected' : ''}`}>
                  <div className="traces-cell-head">
                    <button
                      type="button"
                      className="traces-title"
                      style={{ borderColor: k >= 0 ? layerColor(k) : undefined }}
                      aria-pressed={isSel}
                      title="Inspect this unit"
                      onClick={() => setSelected({ ...p })}
                    >
                      {name}
                    </button>
                    <button
                      type="button"
                      className="icon-button traces-remove"
                      aria-label={`Stop tracing ${name}`}
                      title="Stop tracing"
                      onClick={() => update(list.filter((_, i) => i !== j))}
                    >
                      ×
                    </button>
                  </div>
                  <svg
                    className="traces-svg"
                    data-layer={p.layer}
                    data-item={p.item}
                    data-unit={p.unit}
                    role="img"
                    aria-label={`${name}: value against step, with its exact gradient`}
                    onClick={() => setSelected({ ...p })}
                  />
                  {!recording && <p className="traces-wait muted">Recorded from the next step on.</p>}
                  <dl className="traces-readout">
                    <div>
                      <dt title={`Relaxing value at step ${integer(step)}${live ? '' : ' (timeline)'}`}>v</dt>
                      <dd className="num" data-testid={`trace-${j + 1}-v`} data-value={dataValue(v)}>
                        {sci(v, 4)}
                      </dd>
                    </div>
                    <div>
                      <dt title="Exact backprop gradient ∂Loss/∂x for this unit (autodiff)">g</dt>
                      <dd className="num" data-testid={`trace-${j + 1}-g`} data-value={dataValue(g)}>
                        {sci(g, 4)}
                      </dd>
                    </div>
                    <div>
                      <dt title="Distance of the relaxing value from the gradient">|v − g|</dt>
                      <dd className="num" data-testid={`trace-${j + 1}-diff`} data-value={dataValue(diff)}>
                        {sci(diff)}
                      </dd>
                    </div>
                  </dl>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Panel>
  );
}
