// MNIST / FashionMNIST from the binaries that scripts/prepare-data.mjs writes to public/data/.
// One parse-and-validate path (parseImageDataset) serves both the browser loader below and the Node
// loader in node-loader.ts, so a corrupt or stale file is caught the same way everywhere.

import { derivedRandom } from '../engine/random';
import { makeSplit, type Dataset } from './types';

export const IMAGE_DATASETS = ['mnist', 'fashion-mnist'] as const;
export type ImageDatasetName = (typeof IMAGE_DATASETS)[number];

/** Contents of public/data/NAME.json. */
export interface ImageManifest {
  name: string;
  count: number;
  width: number;
  height: number;
  classes: number;
  classNames: string[];
  imagesFile: string;
  labelsFile: string;
  imagesBytes: number;
  labelsBytes: number;
  /** FNV-1a 32-bit of the images bytes followed by the labels bytes, 8 hex digits. */
  checksum: string;
  source?: { package: string; version: string };
  format?: number;
}

export interface SplitOptions {
  /** Training examples; default 8,000 (the paper's MNIST setting). */
  nTrain?: number;
  /** Test examples; default all the rest. */
  nTest?: number;
  /** Seed of the train/test split; default 0, kept apart from the run seed so runs share a split. */
  splitSeed?: number;
}

const HINT = 'run `npm run prepare-data` to generate it';

/** FNV-1a 32-bit over the chunks in turn, as 8 hex digits (same as scripts/prepare-data.mjs). */
export function fnv1a32(...chunks: Uint8Array[]): string {
  let h = 0x811c9dc5;
  for (const bytes of chunks) {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Checks a parsed NAME.json; `file` names it in error messages. */
export function parseManifest(json: unknown, file: string): ImageManifest {
  const m = json as Partial<ImageManifest> | null;
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  if (typeof m !== 'object' || m === null) fail('not a JSON object');
  const o = m as Partial<ImageManifest>;
  for (const key of ['count', 'width', 'height', 'classes', 'imagesBytes', 'labelsBytes'] as const) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      fail(`"${key}" must be a positive integer, got ${JSON.stringify(v)}`);
    }
  }
  for (const key of ['name', 'imagesFile', 'labelsFile', 'checksum'] as const) {
    if (typeof o[key] !== 'string' || o[key] === '') fail(`"${key}" must be a non-empty string`);
  }
  if (!/^[0-9a-f]{8}$/.test(o.checksum!)) fail(`"checksum" must be 8 hex digits, got "${o.checksum}"`);
  const names = o.classNames;
  if (!Array.isArray(names) || names.length !== o.classes || names.some((s) => typeof s !== 'string')) {
    fail(`"classNames" must be ${o.classes} strings`);
  }
  if (o.classes! > 256) fail(`"classes" ${o.classes} does not fit uint8 labels`);
  return o as ImageManifest;
}

/** A seeded train/test split of 0..count-1: disjoint, each sorted ascending. */
export function splitSeeded(
  count: number,
  nTrain: number,
  seed: number,
  nTest: number = count - nTrain,
): { train: Int32Array; test: Int32Array } {
  if (!(Number.isInteger(nTrain) && Number.isInteger(nTest) && nTrain >= 0 && nTest >= 0)) {
    throw new Error(`split: sizes must be non-negative integers, got ${nTrain} / ${nTest}`);
  }
  if (nTrain + nTest > count) {
    throw new Error(`split: ${nTrain} train + ${nTest} test > ${count} examples`);
  }
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  derivedRandom(seed, 'data:split').shuffle(order);
  return {
    train: order.slice(0, nTrain).sort(),
    test: order.slice(nTrain, nTrain + nTest).sort(),
  };
}

/** Validates the two binaries against their manifest and builds the dataset (pixels scaled to [0, 1]). */
export function parseImageDataset(
  manifest: ImageManifest,
  images: Uint8Array,
  labels: Uint8Array,
  options: SplitOptions = {},
): Dataset {
  const m = manifest;
  const pixels = m.width * m.height;
  if (m.imagesBytes !== m.count * pixels) {
    throw new Error(`${m.name}.json: imagesBytes ${m.imagesBytes} ≠ count ${m.count} × ${pixels}`);
  }
  if (m.labelsBytes !== m.count) {
    throw new Error(`${m.name}.json: labelsBytes ${m.labelsBytes} ≠ count ${m.count}`);
  }
  if (images.length !== m.imagesBytes) {
    throw new Error(`${m.imagesFile}: expected ${m.imagesBytes} bytes, got ${images.length}`);
  }
  if (labels.length !== m.labelsBytes) {
    throw new Error(`${m.labelsFile}: expected ${m.labelsBytes} bytes, got ${labels.length}`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= m.classes) {
      throw new Error(`${m.labelsFile}: label ${labels[i]} at index ${i} is not below ${m.classes} classes`);
    }
  }
  const sum = fnv1a32(images, labels);
  if (sum !== m.checksum) {
    throw new Error(
      `${m.imagesFile} / ${m.labelsFile}: checksum ${sum} does not match the manifest's ${m.checksum} (corrupt or stale; ${HINT})`,
    );
  }

  const nTrain = options.nTrain ?? Math.min(8000, m.count);
  const { train, test } = splitSeeded(m.count, nTrain, options.splitSeed ?? 0, options.nTest);
  const take = (idx: Int32Array) => {
    const x = new Float32Array(idx.length * pixels);
    const l = new Uint8Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      const src = idx[r] * pixels;
      for (let p = 0; p < pixels; p++) x[r * pixels + p] = images[src + p] / 255;
      l[r] = labels[idx[r]];
    }
    return makeSplit(x, l, pixels, m.classes);
  };
  return {
    name: m.name,
    kind: 'image',
    inputSize: pixels,
    classes: m.classes,
    classNames: m.classNames,
    image: { width: m.width, height: m.height },
    train: take(train),
    test: take(test),
  };
}

export interface LoadProgress {
  /** Bytes of the binaries received so far, and in all (from the manifest). */
  loaded: number;
  total: number;
  file: string;
}

export interface LoadOptions extends SplitOptions {
  /** Prefix of the site, e.g. import.meta.env.BASE_URL; must be absolute inside a worker. Default ''. */
  baseUrl?: string;
  fetchFn?: typeof fetch;
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

/** Fetches public/data/NAME.json and its two binaries, then parses and validates them. */
export async function loadImageDataset(
  name: ImageDatasetName | string,
  options: LoadOptions = {},
): Promise<Dataset> {
  const { baseUrl = '', fetchFn = fetch, onProgress, signal } = options;
  const url = (file: string) => `${baseUrl.replace(/\/+$/, '')}/data/${file}`;

  const manifestFile = `${name}.json`;
  const manifestRes = await fetchFile(fetchFn, url(manifestFile), manifestFile, signal);
  let json: unknown;
  try {
    json = JSON.parse(await manifestRes.text());
  } catch {
    throw new Error(`${manifestFile}: not valid JSON (missing or damaged; ${HINT})`);
  }
  const manifest = parseManifest(json, manifestFile);

  const total = manifest.imagesBytes + manifest.labelsBytes;
  let done = 0;
  const get = async (file: string, expected: number) => {
    const res = await fetchFile(fetchFn, url(file), file, signal);
    const bytes = await readBody(res, expected, (n) => onProgress?.({ loaded: done + n, total, file }));
    done += bytes.length;
    return bytes;
  };
  const images = await get(manifest.imagesFile, manifest.imagesBytes);
  const labels = await get(manifest.labelsFile, manifest.labelsBytes);
  return parseImageDataset(manifest, images, labels, options);
}

async function fetchFile(
  fetchFn: typeof fetch,
  url: string,
  file: string,
  signal?: AbortSignal,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${file}: could not fetch ${url} (${why}); is it missing? ${HINT}`, { cause: err });
  }
  // A dev server's SPA fallback answers a missing file with index.html and status 200.
  const html = (res.headers?.get('content-type') ?? '').includes('text/html');
  if (!res.ok || html) {
    const status = res.ok ? 'got an HTML page' : `HTTP ${res.status}`;
    throw new Error(`${file}: missing (${status} for ${url}); ${HINT}`);
  }
  return res;
}

/** Reads a body chunk by chunk to report progress; falls back to arrayBuffer() without a stream. */
async function readBody(
  res: Response,
  expected: number,
  progress: (loaded: number) => void,
): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (!reader) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    progress(bytes.length);
    return bytes;
  }
  // Fill a buffer of the expected size; an oversized body is gathered too so the error can say how big.
  let buf = new Uint8Array(expected);
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, loaded + value.length));
      bigger.set(buf.subarray(0, loaded));
      buf = bigger;
    }
    buf.set(value, loaded);
    loaded += value.length;
    progress(loaded);
  }
  return loaded === buf.length ? buf : buf.slice(0, loaded);
}
