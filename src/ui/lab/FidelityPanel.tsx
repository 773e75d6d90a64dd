// Gradient fidelity: how far each AR variant's weight update points from backprop's, per layer, over
// training; and for learned backward weights, how far B has turned towards Wᵀ. A table keeps the latest
// numbers for every layer.

import { useMemo, useRef, useState } from 'react';
import { LEARNED_CONDITIONS, type LabCondition } from '../../protocol/lab';
import type { LabStoreState } from '../../store/labStore';
import { dataValue } from '../format';
import { Panel } from '../Panel';
import { Tip } from '../panels/Tip';
import { ConditionLegend } from './ConditionLegend';
import { useLabFrame } from './labHooks';
import { conditionStyles, degrees } from './labFormat';
import { useFidelityChart } from './useFidelityChart';
import { smoothingSpan } from './useLearningCurves';

interface Readout {
  conditions: LabCondition[];
  layers: number;
  /** Mean over the last few batches, radians: [condition][layer]. */
  angles: number[][];
  alignment: number[][];
  span: number;
  version: number;
}

const EMPTY: LabCondition[] = [];

function recentMean(xs: number[] | undefined, span: number): number {
  if (!xs?.length) return NaN;
  const tail = xs.slice(Math.max(0, xs.length - span));
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

const selectReadout = (s: LabStoreState): Readout => {
  const conditions = s.config?.conditions ?? EMPTY;
  const span = smoothingSpan(s.curves.batch.length);
  const layers = s.config ? s.config.hidden.length + 1 : 0;
  const per = (series: number[][][]) =>
    conditions.map((_, c) => Array.from({ length: layers }, (_, l) => recentMean(series[c]?.[l], span)));
  return {
    conditions,
    layers,
    angles: per(s.curves.angles),
    alignment: per(s.curves.alignment),
    span,
    version: s.version,
  };
};
const sameReadout = (a: Readout, b: Readout) =>
  a.conditions === b.conditions && a.layers === b.layers && a.version === b.version;

export function FidelityPanel() {
  const anglesHost = useRef<HTMLDivElement>(null);
  const anglesSvg = useRef<SVGSVGElement>(null);
  const alignHost = useRef<HTMLDivElement>(null);
  const alignSvg = useRef<SVGSVGElement>(null);
  const [layerChoice, setLayer] = useState(0);
  const [log, setLog] = useState(true);
  const { conditions, layers, angles, alignment, span } = useLabFrame(selectReadout, sameReadout);
  // A new experiment may have fewer layers than the one chosen before.
  const layer = Math.min(layerChoice, Math.max(0, layers - 1));
  const view = useMemo(() => ({ layer, log }), [layer, log]);
  useFidelityChart(anglesHost, anglesSvg, alignHost, alignSvg, view);
  const styles = conditionStyles(conditions);
  const ar = styles.filter((s) => s.id !== 'bp');
  const learned = styles.filter((s) => LEARNED_CONDITIONS.includes(s.id));
  const layerIds = Array.from({ length: layers }, (_, l) => l);

  const actions = (
    <div className="lab-inline-controls">
      {layers > 0 && (
        <label className="lab-field-inline">
          <span>Layer</span>
          <select
            aria-label="Weighted layer"
            value={layer}
            onChange={(e) => setLayer(Number(e.target.value))}
          >
            {layerIds.map((l) => (
              <option key={l} value={l}>
                {l + 1}
                {l === layers - 1 ? ' (output)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="toggle">
        <input type="checkbox" role="switch" checked={log} onChange={(e) => setLog(e.target.checked)} />
        <span className="track" aria-hidden="true" />
        <span>Log scale</span>
      </label>
    </div>
  );

  return (
    <Panel
      name="Gradient fidelity"
      span="half"
      title="Gradient fidelity"
      subtitle="Angle between each AR variant’s weight update and backprop’s on the same network and batch (0° = the same direction). Faint: per batch; solid: moving average."
    >
      {actions}
      <ConditionLegend conditions={ar.map((s) => s.id)} />
      <div className="chart lab-chart" ref={anglesHost}>
        <svg
          ref={anglesSvg}
          role="img"
          aria-label={`Angle in degrees between each AR condition's layer ${layer + 1} weight update and backprop's, against batches trained`}
        />
      </div>
      <div hidden={!learned.length}>
        <h3 className="lab-subhead">
          Learned backward weights: <span className="muted">angle between B and Wᵀ, layer {layer + 1}</span>
        </h3>
        <div className="chart lab-chart" ref={alignHost}>
          <svg
            ref={alignSvg}
            role="img"
            aria-label={`Angle in degrees between the learned backward weights B and the forward weights transposed, layer ${layer + 1}`}
          />
        </div>
      </div>
      <div className="lab-table-scroll">
        <table className="readout lab-readout" data-testid="lab-fidelity-table">
          <caption>
            Update angle to backprop per weighted layer (mean of the last {span} batch{span > 1 ? 'es' : ''})
          </caption>
          <thead>
            <tr>
              <th scope="col">Condition</th>
              {layerIds.map((l) => (
                <th scope="col" key={l}>
                  <Tip
                    align="end"
                    text={`∠(ΔW, ΔW_backprop) of weighted layer ${l + 1}${l === layers - 1 ? ' (the output layer)' : ''}`}
                  >
                    Layer {l + 1}
                  </Tip>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ar.map((st) => (
              <tr key={st.id} data-condition={st.id}>
                <th scope="row">
                  <span className="swatch" style={{ background: st.color }} aria-hidden="true" />
                  {st.label}
                </th>
                <AngleCells layers={layerIds} radians={angles[st.index]} />
              </tr>
            ))}
            {learned.map((st) => (
              <tr key={`${st.id}-align`} data-condition={st.id} data-kind="alignment">
                <th scope="row">
                  <span className="swatch" style={{ background: st.color }} aria-hidden="true" />
                  <Tip text="Angle between the learned backward weights B and Wᵀ: 0° would be exact weight transport">
                    ∠(B, Wᵀ)
                  </Tip>{' '}
                  <span className="muted">{st.label.replace('AR, ', '')}</span>
                </th>
                <AngleCells layers={layerIds} radians={alignment[st.index]} />
              </tr>
            ))}
            {!ar.length && (
              <tr>
                <td colSpan={layers + 1} className="muted">
                  {conditions.length ? 'No AR condition in this run.' : 'No experiment yet.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

/** One row's per-layer angles (radians in data-value, degrees shown). */
function AngleCells({ layers, radians }: { layers: number[]; radians: number[] | undefined }) {
  return (
    <>
      {layers.map((l) => (
        <td key={l} className="num" data-layer={l + 1} data-value={dataValue(radians?.[l])}>
          {degrees(radians?.[l])}
        </td>
      ))}
    </>
  );
}
