// A fixed-capacity ring over one typed array: pushing past capacity overwrites the oldest value, so a
// trajectory of any length costs the same memory. Index 0 is always the oldest value kept.

export class RingBuffer {
  readonly capacity: number;
  private readonly data: Float64Array | Float32Array;
  private head = 0;
  private size = 0;
  /** Values ever pushed (including overwritten ones). */
  total = 0;

  constructor(capacity: number, kind: 'f64' | 'f32' = 'f64') {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.data = kind === 'f64' ? new Float64Array(capacity) : new Float32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Bytes held, which never changes after construction. */
  get byteLength(): number {
    return this.data.byteLength;
  }

  push(x: number): void {
    this.data[(this.head + this.size) % this.capacity] = x;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
    this.total++;
  }

  /** Push src[offset], src[offset + stride], … (count values): one column of a step-major series. */
  pushStrided(src: ArrayLike<number>, offset: number, stride: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(src[offset + i * stride]);
  }

  /** i-th oldest value (0 ≤ i < length). */
  get(i: number): number {
    if (i < 0 || i >= this.size) throw new RangeError(`RingBuffer index ${i} outside [0, ${this.size})`);
    return this.data[(this.head + i) % this.capacity];
  }

  /** Newest value, or undefined when empty. */
  last(): number | undefined {
    return this.size ? this.data[(this.head + this.size - 1) % this.capacity] : undefined;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.total = 0;
  }

  /** Oldest to newest, as a fresh array. */
  toArray(): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.data[(this.head + i) % this.capacity];
    return out;
  }
}
