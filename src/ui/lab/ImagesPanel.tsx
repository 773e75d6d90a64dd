// Image sets: the latest batch with every condition's prediction (wrong ones marked), and the first-layer
// weight updates of a few hidden units as images, AR beside backprop, on one shared colour scale per unit.

import { useMemo } from 'react';
import { CONDITION_LABELS, SAMPLE_ITEMS, UPDATE_UNITS, type LabCondition } from '../../protocol/lab';
import type { LabStoreState } from '../../store/labStore';
import { integer, sci } from '../format';
import { Panel } from '../Panel';
import { Tip } from '../panels/Tip';
import { CONDITION_COLORS } from '../theme';
import { DivergingKey } from './DivergingKey';
import { useLabFrame } from './labHooks';
import { degrees } from './labFormat';
import { PixelImage } from './PixelImage';

const EMPTY: LabCondition[] = [];
const selectConditions = (s: LabStoreState) => s.config?.conditions ?? EMPTY;
const selectData = (s: LabStoreState) => s.data;
const selectSample = (s: LabStoreState) => s.sample;
const selectWatchEvery = (s: LabStoreState) => s.config?.watchEvery ?? 0;
const same = Object.is;
/** Below this mean angle (5°) the AR and backprop images look the same. */
const CONVERGED_RAD = (5 * Math.PI) / 180;

interface UnitUpdate {
  unit: number;
  /** Largest |value| of the pair: both images share it, so they compare pixel for pixel. */
  scale: number;
  /** Angle between the two update columns (radians). */
  angle: number;
}

function unitUpdates(ar: Float32Array, bp: Float32Array, size: number): UnitUpdate[] {
  const units = Math.min(UPDATE_UNITS, Math.floor(ar.length / size), Math.floor(bp.length / size));
  return Array.from({ length: units }, (_, u) => {
    let scale = 0;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = u * size; i < (u + 1) * size; i++) {
      scale = Math.max(scale, Math.abs(ar[i]), Math.abs(bp[i]));
      dot += ar[i] * bp[i];
      na += ar[i] * ar[i];
      nb += bp[i] * bp[i];
    }
    const cos = na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : NaN;
    return { unit: u, scale, angle: Math.acos(Math.min(1, Math.max(-1, cos))) };
  });
}

export function ImagesPanel() {
  const conditions = useLabFrame(selectConditions, same);
  const data = useLabFrame(selectData, same);
  const sample = useLabFrame(selectSample, same);
  const watchEvery = useLabFrame(selectWatchEvery, same);
  const w = data?.image?.width ?? 28;
  const h = data?.image?.height ?? 28;
  const size = w * h;
  // Dense units' updates are images of the input; conv units' are their kernels.
  const [uh, uw] = sample?.updateShape ?? [h, w];
  const usize = uw * uh;
  const names = data?.classNames ?? [];
  const className = (k: number) => names[k] ?? String(k);
  const items = sample ? Math.min(SAMPLE_ITEMS, sample.labels.length) : 0;
  const updates = useMemo(
    () => (sample ? unitUpdates(sample.updateAr, sample.updateBp, usize) : []),
    [sample, usize],
  );
  const arName = sample ? CONDITION_LABELS[sample.updateCondition] : 'AR';
  // The headline claim holds only when the shown updates really agree; otherwise say how far apart they are.
  const live = updates.filter((u) => Number.isFinite(u.angle));
  const meanAngle = live.length ? live.reduce((a, u) => a + u.angle, 0) / live.length : NaN;
  const converged = !live.length || meanAngle < CONVERGED_RAD;

  return (
    <Panel
      name="Batch and weight updates"
      span="full"
      title="The current batch and its weight updates"
      subtitle={
        sample
          ? `Batch ${integer(sample.batch)}: the first ${items} items, each condition’s prediction, and the first-layer updates.`
          : 'The latest batch, each condition’s predictions and the first-layer weight updates appear once training starts.'
      }
    >
      {sample ? (
        <div className="lab-images">
          <div className="lab-table-scroll">
            <table className="lab-batch-table" data-testid="lab-batch-table">
              <caption className="visually-hidden">
                Items of the latest batch with each condition’s prediction
              </caption>
              <thead>
                <tr>
                  <th scope="row">Item</th>
                  {Array.from({ length: items }, (_, i) => (
                    <td key={i}>
                      <PixelImage
                        pixels={sample.pixels}
                        offset={i * size}
                        width={w}
                        height={h}
                        size={44}
                        label={`Item ${i + 1}: ${className(sample.labels[i])}`}
                      />
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">True class</th>
                  {Array.from({ length: items }, (_, i) => (
                    <td key={i} className="lab-true">
                      {className(sample.labels[i])}
                    </td>
                  ))}
                </tr>
              </thead>
              <tbody>
                {conditions.map((c, k) => (
                  <tr key={c} data-condition={c}>
                    <th scope="row">
                      <span
                        className="swatch"
                        style={{ background: CONDITION_COLORS[c] }}
                        aria-hidden="true"
                      />
                      {CONDITION_LABELS[c]}
                    </th>
                    {Array.from({ length: items }, (_, i) => {
                      const p = sample.predictions[k]?.[i];
                      const wrong = p !== undefined && p !== sample.labels[i];
                      return (
                        <td
                          key={i}
                          className={wrong ? 'lab-pred wrong' : 'lab-pred'}
                          aria-label={`${CONDITION_LABELS[c]} predicts ${p === undefined ? 'nothing' : className(p)}${wrong ? ', wrong' : ''}`}
                        >
                          {p === undefined ? '—' : className(p)}
                          {wrong && <span aria-hidden="true"> ✗</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3 className="lab-subhead">
            First-layer weight updates{' '}
            <Tip
              text={
                'Each image is one hidden unit’s incoming weights, reshaped to the input image (for a CNN, one ' +
                'first-layer kernel): the change −ΔW₁ ' +
                'made on this batch. Orange pixels grow, purple shrink. Both images of a pair share one colour ' +
                'scale (“±” under them).'
              }
            >
              What is this?
            </Tip>
          </h3>
          <p className="lab-explain" data-testid="lab-update-explain">
            {converged ? (
              <>
                <b>Nearly identical images: AR’s update equals backprop’s at equilibrium.</b> Left: {arName};
                right: backprop, on the same network and batch.
              </>
            ) : (
              <>
                At equilibrium AR’s update equals backprop’s; here they differ by{' '}
                <span className="num">{degrees(meanAngle)}</span> on average, so this batch’s relaxation has
                not settled (more relaxation steps or a larger η help) or {arName} changes the update by
                design. Left: {arName}; right: backprop.
              </>
            )}
          </p>
          <div className="lab-updates">
            {updates.map((u) => (
              <figure key={u.unit} className="lab-update" data-unit={u.unit + 1}>
                <div className="lab-update-pair">
                  <div>
                    <PixelImage
                      pixels={sample.updateAr}
                      offset={u.unit * usize}
                      scale={u.scale}
                      width={uw}
                      height={uh}
                      size={72}
                      label={`Unit ${u.unit + 1}, ${arName} update`}
                    />
                    <span className="lab-update-tag">AR</span>
                  </div>
                  <div>
                    <PixelImage
                      pixels={sample.updateBp}
                      offset={u.unit * usize}
                      scale={u.scale}
                      width={uw}
                      height={uh}
                      size={72}
                      label={`Unit ${u.unit + 1}, backprop update`}
                    />
                    <span className="lab-update-tag">BP</span>
                  </div>
                </div>
                <figcaption>
                  <b>Unit {u.unit + 1}</b>
                  <span>
                    angle <span className="num">{degrees(u.angle)}</span>
                  </span>
                  <span className="muted">
                    range ± <span className="num">{sci(u.scale, 1)}</span>
                  </span>
                </figcaption>
              </figure>
            ))}
          </div>
          <DivergingKey
            ticks={['− (purple)', '0', '+ (orange)']}
            caption="−ΔW₁ divided by each pair’s largest |value|"
          />
        </div>
      ) : (
        <p className="muted lab-empty">
          {data
            ? `The batch and its updates appear every ${watchEvery || '—'} batches (“Follow relaxation every”)${watchEvery ? '' : ': switched off'}.`
            : 'Nothing yet: start an MNIST or Fashion-MNIST experiment to see its batches here.'}
        </p>
      )}
    </Panel>
  );
}
