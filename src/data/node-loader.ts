// Node-side twin of loadImageDataset: reads public/data/ from disk (for the CLI and the tests). Only the
// reading differs; parsing and validation are parseImageDataset's, shared with the browser.
// Type-checked by tsconfig.node.json (it needs Node's types); never imported by browser code.

import { readFile } from 'node:fs/promises';
import { parseImageDataset, parseManifest, type ImageDatasetName, type SplitOptions } from './images';
import type { Dataset } from './types';

/** public/data of this checkout, found from this file's location rather than the working directory. */
export const DEFAULT_DATA_DIR: URL = new URL('../../public/data/', import.meta.url);

export interface NodeLoadOptions extends SplitOptions {
  /** Directory holding NAME.json and the binaries (a path or a file: URL). Default DEFAULT_DATA_DIR. */
  dir?: string | URL;
}

async function read(dir: string | URL, file: string): Promise<Uint8Array> {
  const path = typeof dir === 'string' ? `${dir.replace(/[\\/]+$/, '')}/${file}` : new URL(file, dir);
  try {
    // A Buffer is a Uint8Array view into a possibly shared pool: re-view exactly its bytes.
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') {
      throw new Error(`${file}: missing in ${String(dir)}; run \`npm run prepare-data\` to generate it`, {
        cause: err,
      });
    }
    throw new Error(`${file}: could not read (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
}

export async function loadImageDatasetFromDisk(
  name: ImageDatasetName | string,
  options: NodeLoadOptions = {},
): Promise<Dataset> {
  const dir = options.dir ?? DEFAULT_DATA_DIR;
  const manifestFile = `${name}.json`;
  const text = new TextDecoder().decode(await read(dir, manifestFile));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${manifestFile}: not valid JSON; run \`npm run prepare-data\` to regenerate it`);
  }
  const manifest = parseManifest(json, manifestFile);
  const [images, labels] = await Promise.all([
    read(dir, manifest.imagesFile),
    read(dir, manifest.labelsFile),
  ]);
  return parseImageDataset(manifest, images, labels, options);
}
