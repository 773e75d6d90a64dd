// The scatter's points, rasterised straight into one ImageData and put on the canvas in one call. The
// MNIST preset has 64 × 700 points: as 45,000 fillRect calls a redraw took ~80 ms of the main thread on a
// software-rendered page; writing the squares' pixels ourselves takes a few milliseconds.

import { color as d3color } from 'd3';

export interface PointLayer {
  /** Point centres in CSS pixels of the plot, x and y interleaved. */
  xy: Float32Array;
  color: string;
}

const rgbCache = new Map<string, [number, number, number]>();
function rgb(c: string): [number, number, number] {
  let v = rgbCache.get(c);
  if (!v) {
    const p = d3color(c)?.rgb();
    v = p ? [p.r, p.g, p.b] : [0, 0, 0];
    rgbCache.set(c, v);
  }
  return v;
}

/** Reuses one ImageData per canvas size. */
export class PointRaster {
  private image: ImageData | null = null;
  /** Premultiplied RGBA in floats: blending there needs no division per pixel (the largest JS cost of the
   *  page while streaming was this loop); straight alpha is taken once per pixel at the end. */
  private accum = new Float32Array(0);

  /**
   * Squares of side 2·radius (CSS px) at every point, blended with `alpha` ("over", so overlaps read as
   * density), layers interleaved in `chunks` so that no layer buries another where they overlap.
   */
  draw(
    ctx: CanvasRenderingContext2D,
    layers: readonly PointLayer[],
    radius: number,
    alpha: number,
    dpr: number,
    chunks = 32,
  ): void {
    const W = ctx.canvas.width;
    const H = ctx.canvas.height;
    if (!this.image || this.image.width !== W || this.image.height !== H) {
      this.image = ctx.createImageData(W, H);
      this.accum = new Float32Array(4 * W * H);
    }
    const acc = this.accum;
    acc.fill(0);
    const side = Math.max(1, Math.round(2 * radius * dpr));
    const half = side / 2;
    const keep = 1 - alpha;
    for (let c = 0; c < chunks; c++)
      for (const layer of layers) {
        const [r, g, b] = rgb(layer.color);
        const pr = r * alpha;
        const pg = g * alpha;
        const pb = b * alpha;
        const n = layer.xy.length / 2;
        for (let i = Math.floor((c * n) / chunks); i < Math.floor(((c + 1) * n) / chunks); i++) {
          const x0 = Math.max(0, Math.round(layer.xy[2 * i] * dpr - half));
          const y0 = Math.max(0, Math.round(layer.xy[2 * i + 1] * dpr - half));
          const x1 = Math.min(W, x0 + side);
          const y1 = Math.min(H, y0 + side);
          for (let y = y0; y < y1; y++)
            for (let k = 4 * (y * W + x0), end = 4 * (y * W + x1); k < end; k += 4) {
              acc[k] = pr + acc[k] * keep;
              acc[k + 1] = pg + acc[k + 1] * keep;
              acc[k + 2] = pb + acc[k + 2] * keep;
              acc[k + 3] = alpha + acc[k + 3] * keep;
            }
        }
      }
    // ImageData holds straight (non-premultiplied) alpha.
    const d = this.image.data;
    for (let k = 0; k < acc.length; k += 4) {
      const a = acc[k + 3];
      if (a === 0) {
        d[k + 3] = 0;
        continue;
      }
      d[k] = acc[k] / a;
      d[k + 1] = acc[k + 1] / a;
      d[k + 2] = acc[k + 2] / a;
      d[k + 3] = a * 255;
    }
    ctx.putImageData(this.image, 0, 0);
  }
}
