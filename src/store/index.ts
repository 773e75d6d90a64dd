// Page state: the store, its ring-buffered trajectories and the selectors panels read through.
export { RingBuffer } from './ringBuffer';
export { Trajectories, METRICS, DEFAULT_CAPACITY, type Metric } from './trajectories';
export {
  createArStore,
  useArStore,
  initialConfig,
  type ArState,
  type ArStore,
  type ConfigSlice,
  type RunSlice,
  type NetSlice,
  type NetWeights,
  type Mark,
  MAX_MARKS,
} from './store';
export * from './selectors';
export { StateHistory, DEFAULT_HISTORY_BYTES, type Snapshot } from './history';
export {
  createLabStore,
  useLabStore,
  MAX_CURVE_POINTS,
  type LabStore,
  type LabStoreState,
  type LabCurves,
  type LabEvalPoint,
} from './labStore';
