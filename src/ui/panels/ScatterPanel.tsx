// AR vs backprop, point by point: every unit's relaxing value v_l against its exact gradient g_l. With exact
// transport the points settle on y = x; with random feedback they settle somewhere else. Beside it, the
// numbers per layer and the angle between the weight updates AR and backprop would make.

import { useRef, useState } from 'react';
import { selectHiddenLayers, selectViewValues, type ArState } from '../../store';
import { dataValue, fixed, integer, sci } from '../format';
import { Panel } from '../Panel';
import { layerColor } from '../theme';
import { useReadout } from './useReadout';
import { scatterStats } from './scatterStats';
import { Tip } from './Tip';
import { useScatterChart } from './useScatterChart';

const selectData = (s: ArState) => {
  const view = selectViewValues(s);
  return {
    layers: selectHiddenLayers(s),
    stats: scatterStats(view.values, s.reference, s.net?.hidden ?? []),
    step: view.step,
    live: view.live,
    angles: s.updateAngles,
    net: s.net,
    feedback: s.config.options.feedback,
  };
};

const DEG = 180 / Math.PI;

/** Name of the k-th weighted layer by the layer it feeds (MLPs: every layer has weights). */
function weightName(k: number, n: number, hidden: number): string {
  if (n === hidden + 1) return k < hidden ? `W${k + 1} → Layer ${k + 1}` : `W${k + 1} → Output`;
  return `Weights ${k + 1}`;
}

export function ScatterPanel() {
  const container = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const [perLayer, setPerLayer] = useState(false);
  const [hiddenLayers, setHiddenLayers] = useState<ReadonlySet<number>>(() => new Set());
  useScatterChart(container, canvas, svg, perLayer, hiddenLayers);
  const toggleLayer = (k: number) =>
    setHiddenLayers((h) => {
      const next = new Set(h);
      if (!next.delete(k)) next.add(k);
      return next;
    });
  const { layers, stats, step, live, angles, feedback, net } = useReadout(selectData);
  const transport =
    feedback === 'exact' ? 'exact transport Wᵀ' : feedback === 'random' ? 'random feedback ψ' : 'learned ψ';

  return (
    <Panel
      name="AR vs backprop"
      span="half"
      title="AR vs backprop, unit by unit"
      actions={
        <label className="toggle">
          <input
            type="checkbox"
            role="switch"
            checked={perLayer}
            onChange={(e) => setPerLayer(e.target.checked)}
          />
          <span className="track" aria-hidden="true" />
          <span>Per-layer scale</span>
        </label>
      }
      subtitle={
        <>
          Each dot is one unit of one batch item: its relaxing value v (up) against its backprop gradient g
          (across). At equilibrium with exact transport every dot sits on the diagonal y = x. Now: {transport}
          , step {integer(step)}
          {live ? '' : ' (timeline)'}. Tap a dot to inspect it.
        </>
      }
    >
      <ul className="legend scatter-legend" aria-label="Legend (press a layer to show or hide it)">
        {layers.map((l) => (
          <li key={l.index}>
            <button
              type="button"
              className="scatter-layer"
              aria-pressed={!hiddenLayers.has(l.k)}
              title={hiddenLayers.has(l.k) ? 'Show this layer' : 'Hide this layer'}
              onClick={() => toggleLayer(l.k)}
            >
              <span className="scatter-dot" style={{ background: layerColor(l.k) }} aria-hidden="true" />
              {l.name}
              <span className="muted">
                · {l.units} units × {net?.batchSize ?? '—'} items
              </span>
            </button>
          </li>
        ))}
        <li>
          <span className="scatter-diag" aria-hidden="true" />y = x
        </li>
      </ul>
      <div className="scatter-stage" ref={container}>
        <div className="scatter-plot">
          <canvas ref={canvas} className="scatter-canvas" aria-hidden="true" />
          <svg
            ref={svg}
            className="scatter-svg"
            role="img"
            aria-label="Scatter of AR values against backprop gradients, one colour per hidden layer, with the identity line"
          />
        </div>
      </div>
      <table className="readout scatter-readout">
        <caption>How far from the diagonal, per layer (at the shown step)</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">
              <Tip align="end" text="Largest |v − g| over every unit of every item: the worst single miss.">
                max |v − g|
              </Tip>
            </th>
            <th scope="col">
              <Tip
                align="end"
                text="R² of the line y = x: 1 − Σ(v − g)² / Σ(g − ḡ)². 1 on the diagonal; below 0 is worse than predicting the mean."
              >
                R² (y = x)
              </Tip>
            </th>
            <th scope="col">
              <Tip
                align="end"
                text="Pearson correlation of v and g: high when the points lie on some line, even a wrong one."
              >
                corr r
              </Tip>
            </th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => {
            const st = stats[l.k];
            return (
              <tr key={l.index}>
                <th scope="row">
                  <span className="swatch" style={{ background: layerColor(l.k) }} aria-hidden="true" />
                  {l.name}
                </th>
                <td
                  className="num"
                  data-testid={`scatter-maxabs-layer-${l.k + 1}`}
                  data-value={dataValue(st?.maxAbs)}
                >
                  {sci(st?.maxAbs)}
                </td>
                <td
                  className="num"
                  data-testid={`scatter-r2-layer-${l.k + 1}`}
                  data-value={dataValue(st?.r2)}
                >
                  {fixed(st?.r2, 6)}
                </td>
                <td className="num" data-testid={`scatter-r-layer-${l.k + 1}`} data-value={dataValue(st?.r)}>
                  {fixed(st?.r, 6)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3 className="scatter-h3">
        <Tip text="arccos of the cosine between the flattened weight update ΔW that AR makes from its current v (δ = v ⊙ f′) and backprop's ΔW on the same batch. 0° = the same update, 90° = unrelated, above 90° = opposed. Measured by the worker a few times a second.">
          Angle between AR and backprop weight updates
        </Tip>
      </h3>
      {angles && angles.length > 0 ? (
        <ul className="scatter-angles" aria-label="Weight-update angle per layer, degrees">
          {angles.map((a, k) => {
            const deg = a * DEG;
            return (
              <li key={k}>
                <span className="scatter-angle-name">{weightName(k, angles.length, layers.length)}</span>
                <span className="scatter-angle-track" aria-hidden="true">
                  <span
                    className="scatter-angle-bar"
                    style={{ width: `${Math.min(Math.max(deg / 180, 0), 1) * 100}%` }}
                  />
                </span>
                <span
                  className="num scatter-angle-value"
                  data-testid={`update-angle-layer-${k + 1}`}
                  data-value={dataValue(deg)}
                >
                  {Number.isFinite(deg) ? `${fixed(deg, deg < 0.1 ? 4 : 2)}°` : '—'}
                </span>
              </li>
            );
          })}
          <li className="scatter-angle-scale" aria-hidden="true">
            <span />
            <span className="scatter-angle-ticks">
              <span>0°</span>
              <span>90°</span>
              <span>180°</span>
            </span>
            <span />
          </li>
        </ul>
      ) : (
        <p className="muted small" data-testid="update-angle-none">
          — (measured once the worker reports the updates)
        </p>
      )}
    </Panel>
  );
}
