// Boundary checks for the training lab's commands and events (validate.ts folds them into its tables).

import { arrayOf, bool, f32, i32, num, oneOf, shape, str, u8, type Guard } from './guards';
import {
  LAB_ACTIVATIONS,
  LAB_ARCHS,
  LAB_CONDITIONS,
  LAB_DATASETS,
  LAB_STATES,
  MAX_LAB_RECORDS,
  MISCLASSIFIED,
  isToy,
  type LabConfig,
} from './lab';
import { SCHEDULES } from './messages';

const count = num({ int: true, min: 0 });
const int = (min: number, max: number) => num({ int: true, min, max });
const nullable =
  (g: Guard): Guard =>
  (x, path) =>
    x === null ? null : g(x, path);
const angleList = arrayOf(num({ min: 0, max: Math.PI + 1e-6 }));

/** Ranges a user can reach from the controls, and a little beyond; anything else is a mistake. */
export const labConfig: Guard = (x, path) =>
  shape(
    {
      dataset: oneOf(LAB_DATASETS),
      toyPoints: int(20, 20_000),
      toyNoise: num({ min: 0, max: 0.5 }),
      trainSize: int(1, 60_000),
      testSize: int(1, 60_000),
      arch: oneOf(LAB_ARCHS),
      hidden: arrayOf(int(1, 2048), { min: 1, max: 8 }),
      activation: oneOf(LAB_ACTIVATIONS),
      sigma: num({ min: 0, minExclusive: true, max: 10 }),
      alpha: num({ min: 0, minExclusive: true, max: 10 }),
      batch: int(1, 1024),
      eta: num({ min: 0, minExclusive: true, max: 1.9 }),
      schedule: oneOf(SCHEDULES),
      steps: int(1, 10_000),
      tolerance: num({ min: 0, max: 1 }),
      epochs: int(1, 1000),
      seed: int(0, 2 ** 32 - 1),
      conditions: arrayOf(oneOf(LAB_CONDITIONS), { min: 1, max: LAB_CONDITIONS.length }),
      evalEvery: int(1, 100_000),
      watchEvery: int(0, 100_000),
      watch: oneOf(LAB_CONDITIONS),
    },
    {},
    true,
  )(x, path) ?? labConsistency(x as LabConfig, path);

function labConsistency(c: LabConfig, path: string): string | null {
  if (new Set(c.conditions).size !== c.conditions.length) return `${path}.conditions lists a condition twice`;
  if (c.trainSize + c.testSize > 70_000) return `${path}: train + test items exceed the data`;
  if (c.arch === 'cnn' && isToy(c.dataset)) return `${path}: the CNN takes 28×28 images, not 2-D points`;
  return null;
}

const dataInfo = shape(
  {
    kind: oneOf(['toy', 'image']),
    inputSize: count,
    classes: int(2, 1000),
    classNames: arrayOf(str),
    trainN: count,
    testN: count,
    batchesPerEpoch: count,
    image: nullable(shape({ width: count, height: count }, {}, true)),
    points: nullable(f32()),
    labels: nullable(u8()),
    isTest: nullable(u8()),
  },
  {},
  true,
);

const record = shape(
  { batch: count, loss: arrayOf(num()), angles: arrayOf(angleList), alignment: arrayOf(angleList) },
  {},
  true,
);

const progress = shape(
  {
    epoch: count,
    batchInEpoch: count,
    done: count,
    total: count,
    elapsedMs: num({ min: 0 }),
    loaded: num({ min: 0 }),
    loadTotal: num({ min: 0 }),
  },
  {},
  true,
);

const misclassified = shape(
  { index: arrayOf(count), label: arrayOf(count), predicted: arrayOf(count), pixels: u8() },
  {},
  true,
);

const evaluation = shape(
  {
    batch: count,
    epoch: count,
    accuracy: arrayOf(num({ min: 0, max: 1 })),
    testLoss: arrayOf(num({ min: 0 })),
    boundary: nullable(arrayOf(f32())),
    confusion: nullable(arrayOf(i32())),
    misclassified: nullable(arrayOf(misclassified, { max: LAB_CONDITIONS.length })),
  },
  {},
  true,
);

const sample = shape(
  {
    batch: count,
    pixels: u8(),
    labels: arrayOf(count),
    predictions: arrayOf(arrayOf(count)),
    updateAr: f32(),
    updateBp: f32(),
    updateShape: arrayOf(count, { min: 2, max: 2 }),
    updateCondition: oneOf(LAB_CONDITIONS),
  },
  {},
  true,
);

const resume = shape(
  {
    batch: count,
    params: arrayOf(f32(), { min: 1, max: LAB_CONDITIONS.length }),
    paused: bool,
    elapsedMs: num({ min: 0 }),
  },
  {},
  true,
);

export const labCommandBodies = {
  labStart: shape({ config: labConfig }, { resume }),
  labPause: shape({}),
  labResume: shape({}),
  labStop: shape({}),
};

export const labEventBodies = {
  labConfigured: shape({ lab: count, config: labConfig, data: dataInfo, resumedAt: count }),
  labProgress: shape({
    lab: count,
    state: oneOf(LAB_STATES),
    message: str,
    progress,
    records: arrayOf(record, { max: MAX_LAB_RECORDS }),
  }),
  labEval: (x, path) =>
    shape({ lab: count, evaluation })(x, path) ??
    (((x as { evaluation: { misclassified: unknown[] | null } }).evaluation.misclassified ?? []).some(
      (m) => (m as { index: number[] }).index.length > MISCLASSIFIED,
    )
      ? `${path}.evaluation.misclassified holds too many items`
      : null),
  labSample: shape({ lab: count, sample }),
  labCheckpoint: shape({
    lab: count,
    batch: count,
    params: arrayOf(f32(), { min: 1, max: LAB_CONDITIONS.length }),
    elapsedMs: num({ min: 0 }),
  }),
} satisfies Record<string, Guard>;
