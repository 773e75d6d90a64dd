// The training lab's curves as CSV and JSON: per-batch loss and update angles (one column per condition and
// layer), and the test evaluations. Angles are written in degrees, as the panels show them.

import { CONDITION_LABELS, type LabConfig } from '../../protocol';
import type { LabCurves, LabEvalPoint } from '../../store/labStore';
import { toCsv, type Cell } from './csv';

export interface LabInfo {
  config: LabConfig;
  /** Lab preset id, or null for an edited experiment. */
  preset: string | null;
}

const DEG = 180 / Math.PI;
const deg = (x: number | undefined) => (x === undefined ? undefined : x * DEG);

/** batch, loss:<condition>…, angleDeg:<condition>:layer<l>…, alignmentDeg:<condition>:layer<l>…. */
export function curvesCsv(curves: LabCurves, info: LabInfo): string {
  const conds = info.config.conditions;
  const header = ['batch', ...conds.map((c) => `loss:${c}`)];
  const cols: (number[] | undefined)[] = conds.map((_, k) => curves.loss[k]);
  const angleCols: number[][] = [];
  for (const [key, series] of [
    ['angleDeg', curves.angles],
    ['alignmentDeg', curves.alignment],
  ] as const)
    conds.forEach((c, k) =>
      (series[k] ?? []).forEach((layer, l) => {
        header.push(`${key}:${c}:layer${l + 1}`);
        angleCols.push(layer);
      }),
    );
  const rows = function* (): Generator<Cell[]> {
    for (let i = 0; i < curves.batch.length; i++)
      yield [curves.batch[i], ...cols.map((s) => s?.[i]), ...angleCols.map((s) => deg(s[i]))];
  };
  return toCsv(header, rows());
}

/** batch, epoch, accuracy:<condition>…, testLoss:<condition>…. */
export function evalsCsv(evals: readonly LabEvalPoint[], info: LabInfo): string {
  const conds = info.config.conditions;
  const header = [
    'batch',
    'epoch',
    ...conds.map((c) => `accuracy:${c}`),
    ...conds.map((c) => `testLoss:${c}`),
  ];
  return toCsv(
    header,
    evals.map((e) => [
      e.batch,
      e.epoch,
      ...conds.map((_, k) => e.accuracy[k]),
      ...conds.map((_, k) => e.testLoss[k]),
    ]),
  );
}

export function labJson(curves: LabCurves, evals: readonly LabEvalPoint[], info: LabInfo) {
  return {
    format: 'ar-explorer-training-curves',
    preset: info.preset,
    config: info.config,
    conditions: info.config.conditions.map((id, k) => ({
      id,
      label: CONDITION_LABELS[id],
      loss: curves.loss[k] ?? [],
      angleDeg: (curves.angles[k] ?? []).map((layer) => layer.map((a) => a * DEG)),
      alignmentDeg: (curves.alignment[k] ?? []).map((layer) => layer.map((a) => a * DEG)),
    })),
    batch: curves.batch,
    evals,
  };
}
