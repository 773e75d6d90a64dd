// Public API of the data layer, safe for the browser worker. The Node-only disk loader is imported
// directly from './node-loader' so that node:fs never reaches the browser bundle.

export type { Batch, Dataset, Split } from './types';
export { BatchSampler, epochBatches, epochOrder, makeSplit } from './types';
export type { ToyKind, ToyOptions } from './toy';
export { TOY_KINDS, makeToyDataset } from './toy';
export type { ImageDatasetName, ImageManifest, LoadOptions, LoadProgress, SplitOptions } from './images';
export {
  IMAGE_DATASETS,
  fnv1a32,
  loadImageDataset,
  parseImageDataset,
  parseManifest,
  splitSeeded,
} from './images';
