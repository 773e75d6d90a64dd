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
    if (!this.image || this.image.width !== W || this.image.height !== H)
      this.image = ctx.createImageData(W, H);
    const d = this.image.data;
    d.fill(0);
    const side = Math.max(1, Math.round(2 * radius * dpr));
    const half = side / 2;
    for (let c = 0; c < chunks; c++)
      for (const layer of layers) {
        const [r, g, b] = rgb(layer.color);
        const n = layer.xy.length / 2;
        for (let i = Math.floor((c * n) / chunks); i < Math.floor(((c + 1) * n) / chunks); i++) {
          const x0 = Math.max(0, Math.round(layer.xy[2 * i] * dpr - half));
          const y0 = Math.max(0, Math.round(layer.xy[2 * i + 1] * dpr - half));
          const x1 = Math.min(W, x0 + side);
          const y1 = Math.min(H, y0 + side);
          for (let y = y0; y < y1; y++)
            for (let x = x0; x < x1; x++) {
              const k = 4 * (y * W + x);
              // Straight (non-premultiplied) alpha, as ImageData holds it.
              const da = d[k + 3] / 255;
              const oa = alpha + da * (1 - alpha);
              const ks = alpha / oa;
              const kd = (da * (1 - alpha)) / oa;
              d[k] = r * ks + d[k] * kd;
              d[k + 1] = g * ks + d[k + 1] * kd;
              d[k + 2] = b * ks + d[k + 2] * kd;
              d[k + 3] = oa * 255;
            }
        }
      }
    ctx.putImageData(this.image, 0, 0);
  }
}
