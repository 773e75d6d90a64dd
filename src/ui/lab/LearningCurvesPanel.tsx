// Learning curves: training loss per batch and test accuracy at each evaluation, one line per condition,
// plus a table of each condition's latest numbers (tests read it through data-condition / data-value).

import { useRef } from 'react';
import type { LabCondition } from '../../protocol/lab';
import type { LabEvalPoint, LabStoreState } from '../../store/labStore';
import { dataValue, integer, sci } from '../format';
import { Panel } from '../Panel';
import { Tip } from '../panels/Tip';
import { useLabFrame } from './labHooks';
import { conditionStyles, percent } from './labFormat';
import { ConditionLegend } from './ConditionLegend';
import { smoothingSpan, useLearningCurves } from './useLearningCurves';

interface Readout {
  conditions: LabCondition[];
  last: LabEvalPoint | null;
  /** Mean training loss of the last few batches per condition. */
  recent: number[];
  span: number;
  version: number;
}

const EMPTY: LabCondition[] = [];

const selectReadout = (s: LabStoreState): Readout => {
  const n = s.curves.batch.length;
  const span = smoothingSpan(n);
  const recent = (s.config?.conditions ?? EMPTY).map((_, k) => {
    const xs = s.curves.loss[k] ?? [];
    const tail = xs.slice(Math.max(0, xs.length - span));
    return tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : NaN;
  });
  return {
    conditions: s.config?.conditions ?? EMPTY,
    last: s.evals.length ? s.evals[s.evals.length - 1] : null,
    recent,
    span,
    version: s.version,
  };
};
// The readout is rebuilt every frame; compare what is shown, not the arrays' identity.
const sameReadout = (a: Readout, b: Readout) =>
  a.conditions === b.conditions && a.last === b.last && a.version === b.version;

export function LearningCurvesPanel() {
  const lossHost = useRef<HTMLDivElement>(null);
  const lossSvg = useRef<SVGSVGElement>(null);
  const accHost = useRef<HTMLDivElement>(null);
  const accSvg = useRef<SVGSVGElement>(null);
  useLearningCurves(lossHost, lossSvg, accHost, accSvg);
  const { conditions, last, recent, span } = useLabFrame(selectReadout, sameReadout);
  const styles = conditionStyles(conditions);

  return (
    <Panel
      name="Learning curves"
      span="half"
      title="Learning curves"
      subtitle="Every condition starts from the same weights and sees the same batches. Loss per batch (faint) with a moving average; test accuracy at each evaluation."
    >
      <ConditionLegend conditions={conditions} />
      <div className="chart lab-chart" ref={lossHost}>
        <svg
          ref={lossSvg}
          role="img"
          aria-label="Training loss per batch for each condition, smoothed, logarithmic scale, against batches trained"
        />
      </div>
      <div className="chart lab-chart" ref={accHost}>
        <svg
          ref={accSvg}
          role="img"
          aria-label="Test accuracy of each condition at every evaluation, against batches trained"
        />
      </div>
      <table className="readout lab-readout" data-testid="lab-accuracy-table">
        <caption>
          Latest evaluation{last ? ` — after ${integer(last.batch)} batches (epoch ${last.epoch})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Condition</th>
            <th scope="col">
              <Tip
                align="end"
                text="Share of the held-out test set classified correctly at the latest evaluation"
              >
                Test accuracy
              </Tip>
            </th>
            <th scope="col">
              <Tip align="end" text="Mean loss per test item at the latest evaluation">
                Test loss
              </Tip>
            </th>
            <th scope="col">
              <Tip
                align="end"
                text={`Loss on a training batch (as the worker reports it, before the update), averaged over the last ${span} batch${span > 1 ? 'es' : ''}`}
              >
                Train loss
              </Tip>
            </th>
          </tr>
        </thead>
        <tbody>
          {styles.map((st) => (
            <tr key={st.id} data-condition={st.id}>
              <th scope="row">
                <span className="swatch" style={{ background: st.color }} aria-hidden="true" />
                {st.label}
              </th>
              <td
                className="num"
                data-testid={`lab-accuracy-${st.id}`}
                data-condition={st.id}
                data-value={dataValue(last?.accuracy[st.index])}
              >
                {percent(last?.accuracy[st.index], 2)}
              </td>
              <td className="num" data-value={dataValue(last?.testLoss[st.index])}>
                {sci(last?.testLoss[st.index], 2)}
              </td>
              <td className="num" data-value={dataValue(recent[st.index])}>
                {sci(recent[st.index], 2)}
              </td>
            </tr>
          ))}
          {!styles.length && (
            <tr>
              <td colSpan={4} className="muted">
                No experiment yet: choose the conditions above and press Start training.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </Panel>
  );
}
