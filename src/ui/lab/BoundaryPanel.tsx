// Decision boundaries (toy sets): one small multiple per condition of its class-1 share over the data's
// box at the latest evaluation, with the training (filled) and test (hollow) points on top.

import { useMemo } from 'react';
import { CONDITION_LABELS, type LabCondition } from '../../protocol/lab';
import type { LabStoreState } from '../../store/labStore';
import { dataValue, integer } from '../format';
import { Panel } from '../Panel';
import { CONDITION_COLORS, labTheme } from '../theme';
import { BoundaryMap, type ToyPoints } from './BoundaryMap';
import { DivergingKey } from './DivergingKey';
import { useLabFrame } from './labHooks';
import { percent } from './labFormat';

const EMPTY: LabCondition[] = [];
const selectConditions = (s: LabStoreState) => s.config?.conditions ?? EMPTY;
const selectData = (s: LabStoreState) => s.data;
const selectEvaluation = (s: LabStoreState) => s.evaluation;
const same = Object.is;

export function BoundaryPanel() {
  const conditions = useLabFrame(selectConditions, same);
  const data = useLabFrame(selectData, same);
  const evaluation = useLabFrame(selectEvaluation, same);
  const toy = useMemo<ToyPoints | null>(
    () =>
      data?.points && data.labels && data.isTest
        ? { points: data.points, labels: data.labels, isTest: data.isTest, classNames: data.classNames }
        : null,
    [data],
  );
  const names = data?.classNames.length ? data.classNames : ['class 0', 'class 1'];

  return (
    <Panel
      name="Decision boundaries"
      span="half"
      title="Decision boundaries"
      subtitle={
        evaluation
          ? `Each network’s output over the plane after ${integer(evaluation.batch)} batches; the line marks an even split.`
          : 'Each network’s output over the plane, at every evaluation.'
      }
    >
      <div className="lab-boundary-keys">
        <ul className="legend lab-point-legend" aria-label="Point legend">
          {names.slice(0, 2).map((n, k) => (
            <li key={n}>
              <span className="lab-dot" style={{ background: labTheme.classColors[k] }} aria-hidden="true" />
              {n} (training)
            </li>
          ))}
          {names.slice(0, 2).map((n, k) => (
            <li key={`${n}-test`}>
              <span
                className="lab-dot hollow"
                style={{ borderColor: labTheme.classColors[k] }}
                aria-hidden="true"
              />
              {n} (test)
            </li>
          ))}
        </ul>
        <DivergingKey
          ticks={['0', '0.5', '1']}
          caption={`Network’s share for ${names[1]} (0 = all ${names[0]})`}
          strength={labTheme.boundaryStrength}
        />
      </div>
      {conditions.length ? (
        <div className="lab-multiples">
          {conditions.map((c, k) => {
            const acc = evaluation?.accuracy[k];
            return (
              <figure key={c} className="lab-multiple" data-condition={c} data-testid={`boundary-${c}`}>
                <figcaption>
                  <span className="lab-multiple-name">
                    <span className="swatch" style={{ background: CONDITION_COLORS[c] }} aria-hidden="true" />
                    {CONDITION_LABELS[c]}
                  </span>
                  <span className="lab-multiple-acc" data-value={dataValue(acc)}>
                    test accuracy <span className="num">{percent(acc)}</span>
                  </span>
                </figcaption>
                <BoundaryMap
                  grid={evaluation?.boundary?.[k] ?? null}
                  data={toy}
                  label={`${CONDITION_LABELS[c]}, test accuracy ${percent(acc)}`}
                />
              </figure>
            );
          })}
        </div>
      ) : (
        <p className="muted lab-empty">
          Start a toy-set experiment to see each condition’s decision boundary.
        </p>
      )}
    </Panel>
  );
}
