// The training lab's share of the protocol: the experiment the page asks for and what the worker streams
// back. Plain data only, like messages.ts (which folds these into the Command and WorkerEvent unions).

/** The training conditions, in the engine's order (a unit test keeps the two lists equal). */
export const LAB_CONDITIONS = [
  'bp',
  'ar',
  'ar-learned',
  'ar-random',
  'ar-no-fprime',
  'ar-learned-no-fprime',
  'ar-nonfrozen',
  'ar-continual',
] as const;
export type LabCondition = (typeof LAB_CONDITIONS)[number];

export const CONDITION_LABELS: Record<LabCondition, string> = {
  bp: 'Backprop',
  ar: 'AR, exact transport',
  'ar-learned': 'AR, learned backward weights',
  'ar-random': 'AR, fixed random feedback',
  'ar-no-fprime': 'AR, no f′',
  'ar-learned-no-fprime': 'AR, learned backward + no f′',
  'ar-nonfrozen': 'AR, non-frozen pass',
  'ar-continual': 'AR, continual updates',
};

/** The conditions whose backward weights are learned (they have a backward/forward alignment angle). */
export const LEARNED_CONDITIONS: readonly LabCondition[] = ['ar-learned', 'ar-learned-no-fprime'];

export const TOY_DATASETS = ['spiral', 'xor', 'circles', 'gaussians'] as const;
export const IMAGE_SETS = ['mnist', 'fashion-mnist'] as const;
export const LAB_DATASETS = [...TOY_DATASETS, ...IMAGE_SETS] as const;
export type LabDataset = (typeof LAB_DATASETS)[number];
export type ToyDataset = (typeof TOY_DATASETS)[number];

export const DATASET_LABELS: Record<LabDataset, string> = {
  spiral: 'Spiral (2-D)',
  xor: 'XOR (2-D)',
  circles: 'Circles (2-D)',
  gaussians: 'Two Gaussians (2-D)',
  mnist: 'MNIST digits',
  'fashion-mnist': 'Fashion-MNIST',
};

export const LAB_ACTIVATIONS = ['tanh', 'relu', 'sigmoid'] as const;
export const LAB_ARCHS = ['mlp', 'cnn'] as const;

export function isToy(d: LabDataset): d is ToyDataset {
  return (TOY_DATASETS as readonly string[]).includes(d);
}

/** One training experiment: every condition starts from the same weights and sees the same batches. */
export interface LabConfig {
  dataset: LabDataset;
  /** Toy sets: points in all (half held out for testing) and noise (0–0.5, Playground's scale). */
  toyPoints: number;
  toyNoise: number;
  /** Image sets: training and test items of the seeded split. */
  trainSize: number;
  testSize: number;
  /** mlp: dense layers of `hidden` sizes; cnn (image sets only): the follow-up paper's CNN (conv 6@5×5 →
   *  max-pool 2 → conv 16@5×5 → dense 120 → 84 → classes; `hidden` is not used). */
  arch: (typeof LAB_ARCHS)[number];
  /** Hidden layer sizes; the input and output sizes come from the data. */
  hidden: number[];
  activation: (typeof LAB_ACTIVATIONS)[number];
  /** Initial weights ~ N(0, σ²). */
  sigma: number;
  /** SGD learning rate α. */
  alpha: number;
  batch: number;
  /** Relaxation step size η, schedule and steps per batch; tolerance > 0 stops a batch's relaxation early. */
  eta: number;
  schedule: 'parallel' | 'sequential';
  steps: number;
  tolerance: number;
  epochs: number;
  /** Weights, batch order and toy points. */
  seed: number;
  conditions: LabCondition[];
  /** Evaluate on the test split every this many batches (and at the end of every epoch). */
  evalEvery: number;
  /** Hand the latest batch to the relaxation panels every this many batches (0 = never). */
  watchEvery: number;
  /** The AR condition whose network the relaxation panels follow. */
  watch: LabCondition;
}

const PAPER_CONDITIONS: LabCondition[] = [
  'bp',
  'ar',
  'ar-learned',
  'ar-random',
  'ar-no-fprime',
  'ar-learned-no-fprime',
];

/** The AR paper's training comparison (and the reproduce CLI's `training` experiment). */
export const PAPER_LAB: LabConfig = {
  dataset: 'mnist',
  toyPoints: 500,
  toyNoise: 0.1,
  trainSize: 8000,
  testSize: 2000,
  arch: 'mlp',
  hidden: [300, 300, 100],
  activation: 'relu',
  sigma: 0.05,
  alpha: 5e-4,
  batch: 64,
  eta: 0.1,
  schedule: 'parallel',
  steps: 100,
  tolerance: 0,
  epochs: 10,
  seed: 1,
  conditions: PAPER_CONDITIONS,
  evalEvery: 25,
  watchEvery: 25,
  watch: 'ar',
};

/** The default: a 2-D set small enough to train in a minute, with its decision boundaries on screen.
 *  σ = 1.5 lets the first layer bend the plane; η = 0.5 with 25 steps relaxes to float precision from
 *  the feedforward start (AR then matches backprop; measured: both 94 % at 100 epochs, seed 1). */
export const SPIRAL_LAB: LabConfig = {
  ...PAPER_LAB,
  dataset: 'spiral',
  toyPoints: 600,
  toyNoise: 0.05,
  hidden: [32, 32],
  activation: 'tanh',
  sigma: 1.5,
  alpha: 0.001,
  batch: 16,
  eta: 0.5,
  steps: 25,
  epochs: 100,
  conditions: ['bp', 'ar', 'ar-random'],
  evalEvery: 18,
  watchEvery: 90,
};

/** The follow-up paper's CNN on MNIST, backprop against exact-transport AR. σ = 0.1 keeps the ReLU units of
 *  both convolutions alive; six relaxing nodes in a chain need η = 0.5 for 50 steps to settle from the
 *  feedforward start (η = 0.1 for 100 steps leaves conv1's update ~40° off backprop's). */
export const CNN_LAB: LabConfig = {
  ...PAPER_LAB,
  arch: 'cnn',
  activation: 'relu',
  sigma: 0.1,
  eta: 0.5,
  steps: 50,
  epochs: 3,
  conditions: ['bp', 'ar'],
  watchEvery: 10,
};

export const LAB_PRESETS = { spiral: SPIRAL_LAB, paper: PAPER_LAB, cnn: CNN_LAB } as const;
export type LabPresetId = keyof typeof LAB_PRESETS;

export const LAB_STATES = ['idle', 'loading', 'running', 'paused', 'done', 'failed'] as const;
export type LabState = (typeof LAB_STATES)[number];

/** The data as the page needs it for its panels. */
export interface LabDataInfo {
  kind: 'toy' | 'image';
  inputSize: number;
  classes: number;
  classNames: string[];
  trainN: number;
  testN: number;
  batchesPerEpoch: number;
  /** Image sets: pixel size. */
  image: { width: number; height: number } | null;
  /** Toy sets: every point (x, y interleaved), its label and whether it is a test point. */
  points: Float32Array | null;
  labels: Uint8Array | null;
  isTest: Uint8Array | null;
}

/** One trained batch: per condition (in config order) its loss before the update and its angles. */
export interface LabBatchRecord {
  /** Batches trained so far by each condition, this one included (1-based, across epochs). */
  batch: number;
  /** Mean loss per item of the batch. */
  loss: number[];
  /** Radians between the condition's weight update and backprop's, per weighted layer; [] for backprop. */
  angles: number[][];
  /** Learned backward weights: radians between B_l and W_lᵀ per weighted layer; [] otherwise. */
  alignment: number[][];
}

/** A test-set evaluation of every condition. */
export interface LabEvaluation {
  batch: number;
  epoch: number;
  accuracy: number[];
  /** Mean loss per test item. */
  testLoss: number[];
  /** Toy sets: each condition's class-1 share of the output on a GRID × GRID lattice over the data's box. */
  boundary: Float32Array[] | null;
  /** Image sets: each condition's confusion matrix (row = true class, column = predicted), classes². */
  confusion: Int32Array[] | null;
  /** Image sets: up to MISCLASSIFIED test items each condition gets wrong. */
  misclassified: { index: number[]; label: number[]; predicted: number[]; pixels: Uint8Array }[] | null;
}

/** Image sets: the latest batch, each condition's predictions, and first-layer weight updates. */
export interface LabSample {
  batch: number;
  /** First SAMPLE_ITEMS items of the batch: pixels (items × inputSize) and labels. */
  pixels: Uint8Array;
  labels: number[];
  /** Per condition, the predicted class of each shown item. */
  predictions: number[][];
  /** −ΔW_1 of the first UPDATE_UNITS units (dense: the unit's input weights; conv: its kernel), unit-major,
   *  each an image of updateShape = [height, width], for the watched AR condition and for backprop, on the
   *  same network and batch. */
  updateAr: Float32Array;
  updateBp: Float32Array;
  updateShape: number[];
  updateCondition: LabCondition;
}

export const BOUNDARY_GRID = 48;
/** The toy sets' box: points lie in about [−1, 1]²; the boundary lattice covers this square. */
export const TOY_EXTENT = 1.1;
export const MISCLASSIFIED = 6;
export const SAMPLE_ITEMS = 12;
export const UPDATE_UNITS = 6;
export const MAX_LAB_RECORDS = 256;

export interface LabProgress {
  /** 1-based epoch and batch within it of the last trained batch (batch 0 before the first). */
  epoch: number;
  batchInEpoch: number;
  /** Batches trained by each condition so far, and in the whole experiment. */
  done: number;
  total: number;
  /** Training time so far (pauses excluded). */
  elapsedMs: number;
  /** Loading: bytes of the data files fetched so far, of total (0 of 0 otherwise). */
  loaded: number;
  loadTotal: number;
}

/** A checkpoint sent back to a restarted worker: the batches trained, each condition's parameters (the
 *  engine's packParams order, config order) and whether the run was paused. */
export interface LabResume {
  batch: number;
  params: Float32Array[];
  paused: boolean;
  /** Training time up to the checkpoint, so the clock goes on from there. */
  elapsedMs: number;
}
