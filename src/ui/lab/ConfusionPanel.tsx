// Image sets: one condition's confusion matrix at the latest evaluation (rows = true class, columns =
// predicted; shaded by the share of each true class) and a few test items it gets wrong.

import { interpolateBlues } from 'd3';
import { useEffect, useRef, useState } from 'react';
import { CONDITION_LABELS, type LabCondition } from '../../protocol/lab';
import type { LabStoreState } from '../../store/labStore';
import { integer } from '../format';
import { Panel } from '../Panel';
import { attachChartTooltip } from '../panels/chartTooltip';
import { useLabFrame } from './labHooks';
import { percent } from './labFormat';
import { PixelImage } from './PixelImage';

const EMPTY: LabCondition[] = [];
const selectConditions = (s: LabStoreState) => s.config?.conditions ?? EMPTY;
const selectData = (s: LabStoreState) => s.data;
const selectEvaluation = (s: LabStoreState) => s.evaluation;
const same = Object.is;

/** Matrix geometry in viewBox units (the SVG scales to the panel's width). */
const CELL = 34;
const TOP = 8;
/** Approximate width of one label character (11 px sans) for the margins. */
const CHAR = 6.5;

export function ConfusionPanel() {
  const conditions = useLabFrame(selectConditions, same);
  const data = useLabFrame(selectData, same);
  const evaluation = useLabFrame(selectEvaluation, same);
  const [chosen, setChosen] = useState<LabCondition | null>(null);
  const condition = chosen && conditions.includes(chosen) ? chosen : (conditions[0] ?? null);
  const k = condition ? conditions.indexOf(condition) : -1;
  const n = data?.classes ?? 10;
  const names = Array.from({ length: n }, (_, i) => data?.classNames[i] ?? String(i));
  const matrix = k >= 0 ? (evaluation?.confusion?.[k] ?? null) : null;
  const wrong = k >= 0 ? (evaluation?.misclassified?.[k] ?? null) : null;
  const rowSums = Array.from({ length: n }, (_, r) => {
    let t = 0;
    for (let c = 0; c < n; c++) t += matrix?.[r * n + c] ?? 0;
    return t;
  });
  const host = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  // The tooltip is attached once; it reads the latest matrix from here.
  const latest = useRef({ matrix, names, rowSums });
  useEffect(() => {
    latest.current = { matrix, names, rowSums };
  });
  const shown = matrix !== null;
  useEffect(() => {
    if (!shown || !host.current || !svg.current) return;
    return attachChartTooltip(host.current, svg.current, {
      move: (_x, _y, target) => {
        const cell = target?.closest('[data-true]');
        const { matrix: m, names: nm, rowSums: sums } = latest.current;
        if (!cell || !m) return null;
        const r = Number(cell.getAttribute('data-true'));
        const c = Number(cell.getAttribute('data-predicted'));
        const count = m[r * nm.length + c];
        return {
          title: `True ${nm[r]} → predicted ${nm[c]}`,
          rows: [
            { label: 'test items', value: integer(count) },
            { label: `share of true ${nm[r]}`, value: percent(sums[r] ? count / sums[r] : NaN) },
          ],
        };
      },
    });
  }, [shown]);

  // Margins fit the class names: digits sit upright under the columns, longer names are slanted.
  const longest = Math.max(1, ...names.map((nm) => nm.length));
  const slant = longest > 3;
  const LEFT = 34 + longest * CHAR;
  const BOTTOM = (slant ? longest * CHAR * 0.72 + 14 : 18) + 28;
  const w = data?.image?.width ?? 28;
  const h = data?.image?.height ?? 28;
  const size = n * CELL;
  const total = rowSums.reduce((a, b) => a + b, 0);
  const correct = matrix ? names.reduce((a, _, i) => a + matrix[i * n + i], 0) : 0;

  const actions = conditions.length ? (
    <label className="lab-field-inline">
      <span>Condition</span>
      <select
        aria-label="Confusion matrix condition"
        value={condition ?? ''}
        onChange={(e) => setChosen(e.target.value as LabCondition)}
      >
        {conditions.map((c) => (
          <option key={c} value={c}>
            {CONDITION_LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  ) : null;

  return (
    <Panel
      name="Confusion matrix"
      span="half"
      title="Confusion matrix"
      actions={actions}
      subtitle="Test set at the latest evaluation: rows are the true class, columns the prediction; shade = share of the row."
    >
      {matrix ? (
        <>
          <p className="lab-confusion-summary" data-condition={condition ?? ''}>
            {condition && CONDITION_LABELS[condition]}: <b className="num">{integer(correct)}</b> of{' '}
            <span className="num">{integer(total)}</span> test items right (
            <span className="num">{percent(total ? correct / total : NaN, 2)}</span>)
            {evaluation && <span className="muted"> · after {integer(evaluation.batch)} batches</span>}
          </p>
          <div className="lab-confusion" ref={host}>
            <svg
              ref={svg}
              viewBox={`0 0 ${LEFT + size + 4} ${TOP + size + BOTTOM}`}
              role="img"
              aria-label={`Confusion matrix of ${condition ? CONDITION_LABELS[condition] : ''}: ${integer(correct)} of ${integer(total)} correct`}
            >
              <g transform={`translate(${LEFT},${TOP})`}>
                {names.map((_, r) =>
                  names.map((_, c) => {
                    const count = matrix[r * n + c];
                    const share = rowSums[r] ? count / rowSums[r] : 0;
                    const fill = count ? interpolateBlues(0.08 + 0.92 * share) : '#f6f7f9';
                    return (
                      <g key={`${r}-${c}`} data-true={r} data-predicted={c}>
                        <rect
                          x={c * CELL}
                          y={r * CELL}
                          width={CELL - 1}
                          height={CELL - 1}
                          fill={fill}
                          stroke={r === c ? '#1b1f24' : 'none'}
                          strokeOpacity={0.35}
                        />
                        {count > 0 && n <= 12 && (
                          <text
                            x={c * CELL + CELL / 2 - 0.5}
                            y={r * CELL + CELL / 2 + 4}
                            textAnchor="middle"
                            className="lab-cell-text"
                            fill={share > 0.5 ? '#fff' : '#1b1f24'}
                          >
                            {count}
                          </text>
                        )}
                      </g>
                    );
                  }),
                )}
                {names.map((nm, r) => (
                  <text
                    key={`r${r}`}
                    x={-6}
                    y={r * CELL + CELL / 2 + 4}
                    textAnchor="end"
                    className="lab-class-label"
                  >
                    {nm}
                  </text>
                ))}
                {names.map((nm, c) => (
                  <text
                    key={`c${c}`}
                    transform={
                      slant
                        ? `translate(${c * CELL + CELL / 2 + 4},${size + 8}) rotate(-40)`
                        : `translate(${c * CELL + CELL / 2},${size + 16})`
                    }
                    textAnchor={slant ? 'end' : 'middle'}
                    className="lab-class-label"
                  >
                    {nm}
                  </text>
                ))}
                <text x={size / 2} y={size + BOTTOM - 6} textAnchor="middle" className="lab-axis-title">
                  Predicted class
                </text>
                <text
                  transform={`translate(${-LEFT + 12},${size / 2}) rotate(-90)`}
                  textAnchor="middle"
                  className="lab-axis-title"
                >
                  True class
                </text>
              </g>
            </svg>
          </div>
          {wrong && wrong.index.length > 0 && (
            <>
              <h3 className="lab-subhead">Misclassified test items</h3>
              <ul className="lab-wrong">
                {wrong.index.map((idx, i) => (
                  <li key={`${idx}-${i}`} data-index={idx}>
                    <PixelImage
                      pixels={wrong.pixels}
                      offset={i * w * h}
                      width={w}
                      height={h}
                      size={56}
                      label={`Test item ${idx}: true ${names[wrong.label[i]]}, predicted ${names[wrong.predicted[i]]}`}
                    />
                    <span>
                      true <b>{names[wrong.label[i]]}</b>
                    </span>
                    <span className="lab-wrong-pred">
                      predicted <b>{names[wrong.predicted[i]]}</b>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      ) : (
        <p className="muted lab-empty">
          {conditions.length
            ? 'The confusion matrix appears at the first evaluation.'
            : 'Start an MNIST or Fashion-MNIST experiment to see where each condition goes wrong.'}
        </p>
      )}
    </Panel>
  );
}
