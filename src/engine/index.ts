// Public API of the AR engine: pure TF.js math, no worker, store or DOM.
export * from './errors';
export * from './spec';
export { Random, derivedRandom } from './random';
export { Network, type Feedback, type LayerParams } from './network';
export { forward, lossValue, outputError, type ForwardPass } from './forward';
export { autodiffReference, type Reference } from './reference';
export { Relaxation, DEFAULT_RELAX_OPTIONS, validateOptions, type RelaxOptions, type RunOptions, type RunResult, type TracePoint } from './relaxation';
export { layerSeries, angleBetween, type StepRecord, type StopReason } from './metrics';
export { arGradients, bpGradients, applyGradients, disposeGradients, updateAngles, feedbackAlignment, type LayerGrad } from './updates';
export { trainBatch, evaluate, CONDITIONS, CONDITION_NAMES, type Condition, type ConditionName, type TrainOptions, type BatchResult } from './training';
export { exportSnapshot, importSnapshot, packParams, unpackParams, SNAPSHOT_FORMAT, type NetworkSnapshot } from './snapshot';
export { fig1Mlp, trainingMlp, followUpCnn } from './architectures';
