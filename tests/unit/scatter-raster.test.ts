// The scatter's hand-written rasteriser: "over" blending of translucent squares must give what a canvas
// would (straight-alpha compositing), whatever order of arithmetic it uses internally.
import { describe, expect, it } from 'vitest';
import { PointRaster } from '../../src/ui/panels/scatterDraw';

function fakeContext(w: number, h: number) {
  let put: { data: Uint8ClampedArray } | null = null;
  const ctx = {
    canvas: { width: w, height: h },
    createImageData: (iw: number, ih: number) => ({ width: iw, height: ih, data: new Uint8ClampedArray(4 * iw * ih) }),
    putImageData: (img: { data: Uint8ClampedArray }) => (put = img),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, pixel: (x: number, y: number) => Array.from(put!.data.subarray(4 * (y * w + x), 4 * (y * w + x) + 4)) };
}

/** Straight-alpha source-over of colour c (alpha a) onto [r, g, b, A] (A in 0..1). */
function over(dst: number[], c: number[], a: number): number[] {
  const oa = a + dst[3] * (1 - a);
  return [...[0, 1, 2].map((i) => (c[i] * a + dst[i] * dst[3] * (1 - a)) / oa), oa];
}

describe('PointRaster', () => {
  it('blends overlapping squares like source-over compositing and leaves the rest transparent', () => {
    const { ctx, pixel } = fakeContext(8, 8);
    const red = { xy: Float32Array.of(2, 2), color: 'rgb(255, 0, 0)' };
    const blue = { xy: Float32Array.of(3, 3, 3, 3), color: 'rgb(0, 0, 255)' };
    // radius 1 at dpr 1: 2×2 squares; red covers (1..2, 1..2), blue twice (2..3, 2..3); one chunk, so red first.
    new PointRaster().draw(ctx, [red, blue], 1, 0.5, 1, 1);
    let expected = over([0, 0, 0, 0], [255, 0, 0], 0.5);
    expected = over(expected, [0, 0, 255], 0.5);
    expected = over(expected, [0, 0, 255], 0.5);
    const got = pixel(2, 2);
    expected.slice(0, 3).forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(1));
    expect(Math.abs(got[3] - expected[3] * 255)).toBeLessThanOrEqual(1);
    expect(pixel(1, 1)).toEqual([255, 0, 0, 128]);
    expect(pixel(6, 6)[3]).toBe(0);
  });

  it('clears what an earlier draw left', () => {
    const { ctx, pixel } = fakeContext(6, 6);
    const raster = new PointRaster();
    raster.draw(ctx, [{ xy: Float32Array.of(1, 1), color: 'rgb(0, 128, 0)' }], 1, 1, 1);
    expect(pixel(0, 0)).toEqual([0, 128, 0, 255]);
    raster.draw(ctx, [{ xy: Float32Array.of(4, 4), color: 'rgb(0, 128, 0)' }], 1, 1, 1);
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(4, 4)).toEqual([0, 128, 0, 255]);
  });
});
