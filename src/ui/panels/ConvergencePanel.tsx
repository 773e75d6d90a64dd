// The key figure: how far each hidden layer's relaxing units v_l are from the backprop gradient g_l
// (autodiff on the same batch), against step, in one of four measures; markers where each layer comes
// within the tolerance; and an η overlay (the paper's Fig. 2 in closed form). The table repeats the numbers.

import { useMemo, useRef } from 'react';
import { selectHiddenLayers, selectLatest, type ArState, type LayerInfo } from '../../store';
import { dataValue, fixed, integer, sci } from '../format';
import { Panel } from '../Panel';
import { useUiStore } from '../share/uiStore';
import { ETA_SWEEP, etaColor, layerColor, panelTheme } from '../theme';
import { useReadout } from './useReadout';
import { CONV_METRICS, METRIC_INFO, toleranceHits, type ConvMetric } from './convergenceMetrics';
import { Tip } from './Tip';
import { useConvergenceChart } from './useConvergenceChart';

interface Readout {
  layers: LayerInfo[];
  rel: (number | null)[];
  cos: (number | null)[];
  res: (number | null)[];
  tol: number;
  eta: number;
}

const selectReadout = (s: ArState): Readout => ({
  layers: selectHiddenLayers(s),
  rel: selectLatest(s, 'relError'),
  cos: selectLatest(s, 'cosine'),
  res: selectLatest(s, 'residual'),
  tol: s.config.options.tolerance,
  eta: s.config.options.eta,
});

/** One selector per metric (stable functions, as useReadout wants), compared by content. */
const sinceSelectors = Object.fromEntries(
  CONV_METRICS.map((m) => [m, (s: ArState) => toleranceHits(s, m).since]),
) as Record<ConvMetric, (s: ArState) => (number | null)[]>;
const sameList = (a: (number | null)[], b: (number | null)[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function ConvergencePanel() {
  const container = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const inset = useRef<SVGSVGElement>(null);
  // In the page's store so links, presets and lessons can choose them (share/uiStore.ts).
  const metric = useUiStore((s) => s.metric);
  const overlay = useUiStore((s) => s.overlay);
  const setUi = useUiStore((s) => s.set);
  const setMetric = (m: ConvMetric) => setUi({ metric: m });
  const setOverlay = (on: boolean) => setUi({ overlay: on });
  const view = useMemo(() => ({ metric, overlay }), [metric, overlay]);
  useConvergenceChart(container, svg, inset, view);
  const { layers, rel, cos, res, tol, eta } = useReadout(selectReadout);
  const since = useReadout(sinceSelectors[metric], sameList);
  const info = METRIC_INFO[metric];

  const controls = (
    <div className="conv-controls">
      <label className="conv-field">
        <span>Plot</span>
        <select
          aria-label="Plotted quantity"
          value={metric}
          onChange={(e) => setMetric(e.target.value as ConvMetric)}
        >
          {CONV_METRICS.map((m) => (
            <option key={m} value={m}>
              {METRIC_INFO[m].label}
            </option>
          ))}
        </select>
      </label>
      <label className="toggle conv-overlay-toggle">
        <input
          type="checkbox"
          role="switch"
          checked={overlay}
          onChange={(e) => setOverlay(e.target.checked)}
        />
        <span className="track" aria-hidden="true" />
        <span>η overlay</span>
      </label>
      <Tip
        text={
          'Theory, not a rerun: dashed lines show how fast layer 1 would settle at seven step sizes η, from the ' +
          'closed form |1 − η|^t; the inset shows the contraction factor per step and where it stops contracting.'
        }
      >
        What is this?
      </Tip>
    </div>
  );

  return (
    <Panel
      name="Convergence"
      span="half"
      title="Convergence to the backprop gradient"
      subtitle={
        <>
          {info.axis} of each hidden layer, where g<sub>l</sub> = ∂Loss/∂x<sub>l</sub> is computed by autodiff
          on the same batch. Log scale.
        </>
      }
    >
      {controls}
      <div className="conv-overlay" hidden={!overlay}>
        <div className="conv-overlay-text">
          <ul className="legend" aria-label="Legend">
            <li>
              <span className="swatch" style={{ background: panelTheme.conv.measured }} aria-hidden="true" />
              Layer 1, measured at η = {fixed(eta, 2)}
            </li>
            {ETA_SWEEP.map((e, i) => (
              <li key={e}>
                <span className="conv-dash" style={{ borderColor: etaColor(i) }} aria-hidden="true" />η = {e}
              </li>
            ))}
          </ul>
          <p className="conv-theory">
            <strong>Theory:</strong> every mode decays as |1 − η|<sup>t</sup> (squared errors as |1 − η|
            <sup>2t</sup>); dashed lines start at layer 1’s value at step 1. The measured curve also carries
            the layers above it, so it lags its own η’s line at first.{' '}
            <Tip
              text={
                'The relaxation is linear with every eigenvalue equal to 1 − η, so each error mode shrinks by ' +
                '|1 − η| per step: stable for 0 < η < 2 (inset, unshaded), fastest at η = 1. Computed in closed ' +
                'form here, not by rerunning the batch.'
              }
            >
              Why?
            </Tip>
          </p>
        </div>
        <svg
          ref={inset}
          className="conv-inset-svg"
          role="img"
          aria-label={`Contraction factor |1 − η| per step against η: below 1 (stable) for 0 < η < 2, unstable from η = 2; current η = ${fixed(eta, 2)}`}
        />
      </div>
      {!overlay && (
        <ul className="legend" aria-label="Legend">
          {layers.map((l) => (
            <li key={l.index}>
              <span className="swatch" style={{ background: layerColor(l.k) }} aria-hidden="true" />
              {l.name}
              <span className="muted"> · {l.units} units</span>
            </li>
          ))}
          <li>
            <span className="conv-diamond" aria-hidden="true" />
            <Tip text={info.rule(tol)}>first step within tolerance ({sci(tol, 0)})</Tip>
          </li>
        </ul>
      )}
      <div className="chart conv-chart" ref={container}>
        <svg
          ref={svg}
          role="img"
          aria-label={`${info.axis} against relaxation step${overlay ? ' for layer 1, with the theoretical decay at seven step sizes' : ', one line per hidden layer'}, logarithmic scale`}
        />
      </div>
      <table className="readout conv-readout">
        <caption>Current values (after the latest recorded step)</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">
              <Tip
                align="end"
                text="‖v − g‖² / ‖g‖²: squared distance to the backprop gradient, relative to its size"
              >
                Relative error
              </Tip>
            </th>
            <th scope="col">
              <Tip
                align="end"
                text="Cosine similarity of v and g over the whole layer and batch (1 = same direction)"
              >
                cos(v, g)
              </Tip>
            </th>
            <th scope="col">
              <Tip align="end" text="‖target − v‖: what a neuron can know locally; 0 at equilibrium">
                Residual
              </Tip>
            </th>
            <th scope="col">
              <Tip align="end" text={`${info.rule(tol)} “—” while the layer is above the threshold.`}>
                Within tol. since
              </Tip>
            </th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => (
            <tr key={l.index}>
              <th scope="row">
                <span className="swatch" style={{ background: layerColor(l.k) }} aria-hidden="true" />
                {l.name}
              </th>
              <td
                className="num"
                data-testid={`relerr-layer-${l.k + 1}`}
                data-value={dataValue(rel[l.k])}
                aria-label={`${l.name} relative error ${sci(rel[l.k])}`}
              >
                {sci(rel[l.k])}
              </td>
              <td className="num" data-testid={`cosine-layer-${l.k + 1}`} data-value={dataValue(cos[l.k])}>
                {fixed(cos[l.k], 6)}
              </td>
              <td className="num" data-testid={`residual-layer-${l.k + 1}`} data-value={dataValue(res[l.k])}>
                {sci(res[l.k])}
              </td>
              <td
                className="num"
                data-testid={`tol-step-layer-${l.k + 1}`}
                data-value={dataValue(since[l.k])}
              >
                {since[l.k] === null || since[l.k] === undefined ? '—' : `step ${integer(since[l.k])}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
