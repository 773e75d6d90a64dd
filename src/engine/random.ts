// Seeded PRNG of our own: TF.js initialisers ignore seeds (tfjs #7104), and the same spec + seed
// must give bit-identical weights in Node and in the browser.

/** Mulberry32: 32-bit state, fast, good enough statistical quality for initialisation and shuffling. */
export class Random {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds (0, 1, 2…) start far apart.
    this.state = hash32(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box–Muller (pairs cached). */
  normal(): number {
    if (this.spareNormal !== null) {
      const s = this.spareNormal;
      this.spareNormal = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Float32Array of n draws from N(0, sigma²). */
  normalArray(n: number, sigma: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = sigma * this.normal();
    return out;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
  }
}

/** A stream derived from a seed and a label, so that independent parts (weights, feedback, data) do not
 *  share draws and adding one never shifts another. */
export function derivedRandom(seed: number, label: string): Random {
  let h = hash32(seed >>> 0);
  for (let i = 0; i < label.length; i++) h = hash32(h ^ label.charCodeAt(i));
  return new Random(h);
}

function hash32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
