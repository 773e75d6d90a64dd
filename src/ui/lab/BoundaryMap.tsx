// One decision-boundary small multiple: the condition's class-1 share on the BOUNDARY_GRID² lattice as a
// heatmap, the 0.5 contour, and the data points on top (train filled, test hollow). A canvas, sized to
// its box at the screen's density; the pointer (or a tap) reads out the share and the nearest point.

import { contours } from 'd3';
import { useEffect, useRef } from 'react';
import { BOUNDARY_GRID, TOY_EXTENT } from '../../protocol/lab';
import { fixed } from '../format';
import { attachChartTooltip } from '../panels/chartTooltip';
import { divergingColor, labTheme } from '../theme';
import { sizeCanvas } from './labHooks';

export interface ToyPoints {
  points: Float32Array;
  labels: Uint8Array;
  isTest: Uint8Array;
  classNames: string[];
}

interface Props {
  grid: Float32Array | null;
  data: ToyPoints | null;
  label: string;
}

const G = BOUNDARY_GRID;
const E = TOY_EXTENT;

/** The heatmap at lattice resolution, one pixel per cell (row 0 = top = y near +TOY_EXTENT). */
function lattice(grid: Float32Array): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = G;
  c.height = G;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(G, G);
  const k = labTheme.boundaryStrength;
  for (let i = 0; i < G * G; i++) {
    const rgb = parseRgb(divergingColor(2 * (grid[i] ?? 0.5) - 1));
    // Blend towards white so the points on top keep their contrast.
    img.data[4 * i] = 255 - k * (255 - rgb[0]);
    img.data[4 * i + 1] = 255 - k * (255 - rgb[1]);
    img.data[4 * i + 2] = 255 - k * (255 - rgb[2]);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

const rgbCache = new Map<string, [number, number, number]>();
function parseRgb(css: string): [number, number, number] {
  let v = rgbCache.get(css);
  if (!v) {
    const m = css.match(/\d+/g)?.map(Number) ?? [255, 255, 255];
    v = [m[0], m[1], m[2]];
    rgbCache.set(css, v);
  }
  return v;
}

export function BoundaryMap({ grid, data, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  // Latest props for the pointer read-out, which is attached once.
  const latest = useRef({ grid, data, size: 0 });

  useEffect(() => {
    const el = host.current;
    const cv = canvas.current;
    if (!el || !cv) return;
    const heat = grid ? lattice(grid) : null;
    const line = grid ? contours().size([G, G]).thresholds([0.5])(Array.from(grid))[0] : null;
    let frame = 0;
    const draw = () => {
      frame = 0;
      const size = Math.max(60, Math.floor(el.clientWidth));
      latest.current = { grid, data, size };
      const ctx = sizeCanvas(cv, size, size);
      if (!ctx) return;
      ctx.clearRect(0, 0, size, size);
      ctx.fillStyle = '#f3f4f6';
      ctx.fillRect(0, 0, size, size);
      if (heat) {
        ctx.imageSmoothingEnabled = true;
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(heat, 0, 0, size, size);
      }
      if (line) {
        // d3 contours treat cell i as the square [i, i + 1] with its value at the centre, as drawn above.
        const s = size / G;
        ctx.beginPath();
        for (const poly of line.coordinates)
          for (const ring of poly)
            ring.forEach(([cx, cy], j) => {
              // Rings close along the lattice's border; those stretches are not boundary, so skip them.
              const [qx, qy] = j ? ring[j - 1] : [NaN, NaN];
              const onBorder = (qx === cx && (cx <= 0 || cx >= G)) || (qy === cy && (cy <= 0 || cy >= G));
              if (j && !onBorder) ctx.lineTo(cx * s, cy * s);
              else ctx.moveTo(cx * s, cy * s);
            });
        ctx.strokeStyle = 'rgba(27,31,36,0.55)';
        ctx.lineWidth = 1.2;
        ctx.stroke();
      }
      if (data) drawPoints(ctx, data, size);
      ctx.strokeStyle = '#c4cad2';
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
    };
    const ro = new ResizeObserver(() => {
      if (!frame) frame = requestAnimationFrame(draw);
    });
    ro.observe(el);
    frame = requestAnimationFrame(draw);
    return () => {
      ro.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [grid, data]);

  useEffect(() => {
    const el = host.current;
    const cv = canvas.current;
    if (!el || !cv) return;
    return attachChartTooltip(el, cv, {
      move: (px, py) => {
        const { grid: g, data: d, size } = latest.current;
        if (!size || px < 0 || py < 0 || px > size || py > size) return null;
        const x = -E + (px / size) * 2 * E;
        const y = E - (py / size) * 2 * E;
        const rows = [{ label: 'position (x, y)', value: `${fixed(x, 2)}, ${fixed(y, 2)}` }];
        if (g) {
          const col = Math.min(G - 1, Math.floor((px / size) * G));
          const row = Math.min(G - 1, Math.floor((py / size) * G));
          const share = g[row * G + col];
          rows.push({ label: 'class-1 share of the output', value: fixed(share, 2) });
        }
        const near = d ? nearestPoint(d, px, py, size) : -1;
        if (d && near >= 0) {
          const lab = d.labels[near];
          rows.push({
            label: `${d.isTest[near] ? 'test' : 'training'} point`,
            value: d.classNames[lab] ?? `class ${lab}`,
          });
        }
        return { title: label, rows };
      },
    });
  }, [label]);

  return (
    <div className="lab-boundary-canvas" ref={host}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`${label}: decision boundary heatmap with the data points`}
      />
    </div>
  );
}

function toPx(d: ToyPoints, i: number, size: number): [number, number] {
  return [((d.points[2 * i] + E) / (2 * E)) * size, ((E - d.points[2 * i + 1]) / (2 * E)) * size];
}

function drawPoints(ctx: CanvasRenderingContext2D, d: ToyPoints, size: number) {
  const r = size < 160 ? labTheme.pointRadius - 0.6 : labTheme.pointRadius;
  // Training points first (filled), then test points (hollow rings) on top, so both stay visible.
  for (const test of [0, 1])
    for (let i = 0; i < d.labels.length; i++) {
      if (d.isTest[i] !== test) continue;
      const [x, y] = toPx(d, i, size);
      const color = labTheme.classColors[d.labels[i]] ?? '#1b1f24';
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      if (test) {
        ctx.fillStyle = 'rgba(255,255,255,0.75)';
        ctx.fill();
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.4;
        ctx.stroke();
      } else {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.strokeStyle = 'rgba(255,255,255,0.9)';
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }
    }
}

function nearestPoint(d: ToyPoints, px: number, py: number, size: number): number {
  let best = -1;
  let bestD = 8 * 8;
  for (let i = 0; i < d.labels.length; i++) {
    const [x, y] = toPx(d, i, size);
    const dd = (x - px) ** 2 + (y - py) ** 2;
    if (dd < bestD) {
      bestD = dd;
      best = i;
    }
  }
  return best;
}
