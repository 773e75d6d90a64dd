// A small image drawn at its own resolution and scaled up by CSS with crisp pixels: greyscale items
// (Uint8Array, 0 = background, 255 = ink, drawn dark on white) or signed values (Float32Array) on the
// diverging scale.

import { useEffect, useRef, type CSSProperties } from 'react';
import { divergingColor } from '../theme';

interface Props {
  /** Either greyscale pixels or signed values (divided by `scale` for the colour), from `offset` on. */
  pixels: Uint8Array | Float32Array;
  offset: number;
  scale?: number;
  width: number;
  height: number;
  /** Displayed size (CSS px). */
  size: number;
  label: string;
}

export function PixelImage({ pixels, offset, scale = 0, width, height, size, label }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx) return;
    cv.width = width;
    cv.height = height;
    const img = ctx.createImageData(width, height);
    const n = width * height;
    for (let i = 0; i < n; i++) {
      let r: number;
      let g: number;
      let b: number;
      if (pixels instanceof Uint8Array) {
        // Ink dark on white, like the digits on paper.
        r = g = b = 255 - (pixels[offset + i] ?? 0);
      } else {
        const v = pixels[offset + i] ?? 0;
        [r, g, b] = rgb(divergingColor(scale > 0 ? v / scale : 0));
      }
      img.data[4 * i] = r;
      img.data[4 * i + 1] = g;
      img.data[4 * i + 2] = b;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, offset, scale, width, height]);
  return (
    <canvas
      ref={ref}
      className="lab-pixels"
      // Size through a custom property, so narrow layouts can shrink it from CSS.
      style={{ '--px': `${size}px`, aspectRatio: `${width} / ${height}` } as CSSProperties}
      role="img"
      aria-label={label}
    />
  );
}

const cache = new Map<string, [number, number, number]>();
function rgb(css: string): [number, number, number] {
  let v = cache.get(css);
  if (!v) {
    const m = css.match(/\d+/g)?.map(Number) ?? [255, 255, 255];
    v = [m[0], m[1], m[2]];
    cache.set(css, v);
  }
  return v;
}
