// The training lab in the worker: loads the data, trains every condition batch by batch in short slices
// (so commands and the relaxation loop get their turn), and streams progress, evaluations and samples.
// Every watchEvery batches it hands the watched condition's network and batch to the relaxation loop.

import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data';
import type { LayerGrad, Network } from '../engine';
import { dataInfo, loadLabData, toBytes, trainerConfig, watchedIndex } from '../lab/setup';
import { Trainer } from '../lab/trainer';
import { immediate } from './immediate';
import {
  BOUNDARY_GRID,
  CONDITION_LABELS,
  DATASET_LABELS,
  MAX_LAB_RECORDS,
  MISCLASSIFIED,
  SAMPLE_ITEMS,
  TOY_EXTENT,
  UPDATE_UNITS,
  type EventBody,
  type LabBatchRecord,
  type LabConfig,
  type LabEvaluation,
  type LabProgress,
  type LabResume,
  type LabSample,
  type LabState,
} from '../protocol';

/** Work per slice before yielding, and the least time between progress events. */
const SLICE_MS = 40;

type Update = { ar: Float32Array; bp: Float32Array; shape: number[] };
const PROGRESS_MS = 150;

export interface LabHost {
  post(body: EventBody): void;
  baseUrl: string;
  /** Relax this network (now the host's) on this batch in the relaxation panels. */
  watch(net: Network, x: tf.Tensor, y: tf.Tensor, cfg: LabConfig, condition: number, batch: number): void;
}

export class LabLoop {
  private lab = 0;
  private cfg: LabConfig | null = null;
  private trainer: Trainer | null = null;
  private state: LabState = 'idle';
  private message = '';
  private records: LabBatchRecord[] = [];
  private lastPost = 0;
  /** Training time of earlier running spells (wall clock, pauses excluded), and when this one began. */
  private elapsed = 0;
  private runningSince = 0;
  private loaded = { loaded: 0, total: 0 };
  private readonly soon = immediate(() => this.slice());

  constructor(private readonly host: LabHost) {}

  /** `resume`: the same experiment continues from a checkpoint (the worker was restarted). */
  async start(cfg: LabConfig, resume?: LabResume): Promise<void> {
    this.trainer?.dispose();
    this.trainer = null;
    const lab = ++this.lab;
    this.cfg = cfg;
    this.records = [];
    // A previous experiment ends here, and its training time with it.
    this.state = 'idle';
    this.elapsed = resume?.elapsedMs ?? 0;
    this.loaded = { loaded: 0, total: 0 };
    this.setState('loading', `Loading ${DATASET_LABELS[cfg.dataset]}…`);
    let data: Dataset;
    try {
      data = await loadLabData(cfg, this.host.baseUrl, (p) => {
        this.loaded = { loaded: p.loaded, total: p.total };
        if (performance.now() - this.lastPost > PROGRESS_MS) this.postProgress();
      });
      if (lab !== this.lab) return; // superseded while loading
      this.trainer = new Trainer(data, trainerConfig(cfg, data));
      if (resume) this.trainer.resumeFrom(resume);
    } catch (err) {
      if (lab !== this.lab) return;
      this.release();
      const what = resume ? 'resume' : 'start';
      return this.setState(
        'failed',
        `Could not ${what}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const resumedAt = resume?.batch ?? 0;
    this.host.post({ type: 'labConfigured', lab, config: cfg, data: dataInfo(data, cfg.batch), resumedAt });
    this.evaluate();
    if (resume?.paused) this.setState('paused', `Resumed at batch ${resumedAt}, paused.`);
    else this.resume();
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.setState('paused', 'Paused.');
  }

  resume(): void {
    if (!this.trainer || (this.state !== 'paused' && this.state !== 'loading')) return;
    this.setState('running', '');
    this.schedule();
  }

  stop(): void {
    if (!this.trainer) return;
    const t = this.trainer;
    this.setState('done', `Stopped after ${t.trained} of ${t.total} batches.`);
    this.release();
  }

  private schedule(): void {
    this.soon.request();
  }

  /** Trains batches for about SLICE_MS, then yields. */
  private slice(): void {
    const t = this.trainer;
    const cfg = this.cfg;
    if (!t || !cfg || this.state !== 'running') return;
    const t0 = performance.now();
    try {
      do {
        this.trainOne(t, cfg);
        const epochEnd = t.batchInEpoch === 0;
        if (epochEnd || t.trained % cfg.evalEvery === 0) this.evaluate();
        if (t.done) break;
      } while (performance.now() - t0 < SLICE_MS);
    } catch (err) {
      this.setState('failed', err instanceof Error ? err.message : String(err));
      return this.release();
    }
    if (t.done) {
      const acc = this.lastAccuracy.map(
        (a, k) => `${CONDITION_LABELS[cfg.conditions[k]]} ${(100 * a).toFixed(1)} %`,
      );
      this.setState('done', `Finished ${cfg.epochs} epoch${cfg.epochs > 1 ? 's' : ''}: ${acc.join(', ')}.`);
      return this.release();
    }
    if (performance.now() - this.lastPost > PROGRESS_MS || this.records.length >= MAX_LAB_RECORDS)
      this.postProgress();
    this.schedule();
  }

  private trainOne(t: Trainer, cfg: LabConfig): void {
    const w = watchedIndex(cfg);
    const watch = cfg.watchEvery > 0 && w >= 0 && (t.trained + 1) % cfg.watchEvery === 0;
    if (!watch) return void this.records.push(perItem(t.trainNext(true), cfg.batch));
    // The relaxation panels get the batch and the network as they were before this update.
    const batch = t.nextBatch();
    const net = t.nets[w].clone();
    const seen: { update?: Update | null } = {};
    const image = t.data.image;
    const inspect = (ar: (LayerGrad | null)[], bp: (LayerGrad | null)[]) =>
      (seen.update = image ? firstLayerUpdates(ar, bp, image) : null);
    const record = t.trainNext(true, { condition: w, fn: inspect });
    this.records.push(perItem(record, cfg.batch));
    const { x, y } = t.tensors(batch);
    try {
      this.host.watch(net, x, y, cfg, w, record.batch);
    } finally {
      tf.dispose([x, y]);
    }
    if (t.data.kind === 'image' && seen.update)
      this.postSample(t, cfg, batch.x, batch.labels, seen.update, w, record.batch);
  }

  private lastAccuracy: number[] = [];

  private evaluate(): void {
    const t = this.trainer;
    if (!t) return;
    const test = t.evaluate();
    this.lastAccuracy = test.accuracy;
    const image = t.data.kind === 'image';
    const evaluation: LabEvaluation = {
      batch: t.trained,
      epoch: t.epoch - (t.batchInEpoch === 0 && t.trained > 0 ? 1 : 0),
      accuracy: test.accuracy,
      testLoss: test.testLoss,
      boundary: image ? null : t.boundary(BOUNDARY_GRID, TOY_EXTENT),
      confusion: image ? test.predicted.map((p) => confusion(p, t.data.test.labels, t.data.classes)) : null,
      misclassified: image ? test.predicted.map((p) => misclassified(p, t.data)) : null,
    };
    this.postProgress();
    this.host.post({ type: 'labEval', lab: this.lab, evaluation });
    // Kept by the page, so that a restarted worker continues from here instead of from batch 0.
    if (t.trained > 0 && !t.done)
      this.host.post({
        type: 'labCheckpoint',
        lab: this.lab,
        ...t.checkpoint(),
        elapsedMs: this.elapsedMs(),
      });
  }

  private postSample(
    t: Trainer,
    cfg: LabConfig,
    x: Float32Array,
    labels: Uint8Array,
    update: Update,
    w: number,
    batch: number,
  ): void {
    const n = Math.min(SAMPLE_ITEMS, labels.length);
    const items = x.slice(0, n * t.data.inputSize);
    const sample: LabSample = {
      batch,
      pixels: toBytes(items),
      labels: Array.from(labels.subarray(0, n)),
      predictions: t.predict(items, n).map((p) => Array.from(p)),
      updateAr: update.ar,
      updateBp: update.bp,
      updateShape: update.shape,
      updateCondition: cfg.conditions[w],
    };
    this.host.post({ type: 'labSample', lab: this.lab, sample });
  }

  private release(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }

  private setState(state: LabState, message: string): void {
    const now = performance.now();
    if (this.state === 'running' && state !== 'running') this.elapsed += now - this.runningSince;
    if (state === 'running' && this.state !== 'running') this.runningSince = now;
    this.state = state;
    this.message = message;
    this.postProgress();
  }

  private elapsedMs(): number {
    return this.elapsed + (this.state === 'running' ? performance.now() - this.runningSince : 0);
  }

  private postProgress(): void {
    this.lastPost = performance.now();
    const t = this.trainer;
    // The last trained batch (epoch 1, batch 0 before the first one).
    const last = t && t.trained > 0 ? t.trained - 1 : -1;
    const bpe = t?.batchesPerEpoch ?? 1;
    const progress: LabProgress = {
      epoch: last < 0 ? 1 : Math.floor(last / bpe) + 1,
      batchInEpoch: last < 0 ? 0 : (last % bpe) + 1,
      done: t ? t.trained : 0,
      total: t ? t.total : 0,
      elapsedMs: this.elapsedMs(),
      loaded: this.loaded.loaded,
      loadTotal: this.loaded.total,
    };
    const records = this.records;
    this.records = [];
    this.host.post({
      type: 'labProgress',
      lab: this.lab,
      state: this.state,
      message: this.message,
      progress,
      records,
    });
  }
}

/** −dw of the first layer's first UPDATE_UNITS units, unit-major (the direction ΔW moves): a dense unit's
 *  input weights as an image of the input, or a conv unit's kernel. */
function firstLayerUpdates(
  ar: (LayerGrad | null)[],
  bp: (LayerGrad | null)[],
  image: { width: number; height: number },
): Update | null {
  const a = ar[0]?.dw;
  const b = bp[0]?.dw;
  if (!a || !b) return null;
  const conv = a.rank === 4;
  const units = Math.min(UPDATE_UNITS, a.shape[a.rank - 1]!);
  const shape = conv ? [a.shape[0]!, a.shape[1]!] : [image.height, image.width];
  const [ra, rb] = tf.tidy(() =>
    [a, b].map((d) => {
      const cols = tf.reshape(d, [-1, d.shape[d.rank - 1]!]); // conv: [k·k·1, filters]
      return tf.neg(tf.transpose(tf.slice(cols, [0, 0], [-1, units]))).dataSync() as Float32Array;
    }),
  );
  return { ar: ra, bp: rb, shape };
}

/** The page compares training and test loss: both per item. */
function perItem(r: LabBatchRecord, batch: number): LabBatchRecord {
  return { ...r, loss: r.loss.map((l) => l / batch) };
}

function confusion(predicted: Int32Array, labels: Uint8Array, classes: number): Int32Array {
  const m = new Int32Array(classes * classes);
  for (let i = 0; i < predicted.length; i++) m[labels[i] * classes + predicted[i]]++;
  return m;
}

function misclassified(
  predicted: Int32Array,
  data: Dataset,
): LabEvaluation['misclassified'] extends (infer M)[] | null ? M : never {
  const { test, inputSize } = data;
  const index: number[] = [];
  for (let i = 0; i < predicted.length && index.length < MISCLASSIFIED; i++)
    if (predicted[i] !== test.labels[i]) index.push(i);
  const pixels = new Uint8Array(index.length * inputSize);
  index.forEach((i, k) =>
    pixels.set(toBytes(test.x.subarray(i * inputSize, (i + 1) * inputSize)), k * inputSize),
  );
  return {
    index,
    label: index.map((i) => test.labels[i]),
    predicted: index.map((i) => predicted[i]),
    pixels,
  };
}
