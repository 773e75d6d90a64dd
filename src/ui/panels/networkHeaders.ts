// Column headers of the network view: layer name (with its colour from the other panels), size, role, and
// the colour range; the output's padlock and "clamped to e_L". Graph nets name each node and its shape
// ("conv1", "24×24×6"), shortening a line when the column is too narrow for it.

import { sci } from '../format';
import { layerColor, networkTheme as T, theme } from '../theme';
import type { DrawState } from './networkDraw';

type Ctx = CanvasRenderingContext2D;

const font = (size: number, weight = 400) => `${weight} ${size}px ${theme.font.sans}`;

export function drawHeaders(ctx: Ctx, s: DrawState): void {
  if (s.layout.graph) return drawGraphHeaders(ctx, s);
  const last = s.views.length - 1;
  ctx.textBaseline = 'alphabetic';
  for (const c of s.layout.columns) {
    const output = c.layer === last;
    const input = c.layer < 0;
    const align: CanvasTextAlign = input ? 'left' : 'center';
    const x = input ? 0 : c.cx;
    ctx.textAlign = align;
    ctx.fillStyle = T.color.label;
    ctx.font = font(13, 600);
    const name = input ? 'Input' : output ? 'Output' : `Layer ${s.hiddenK[c.layer] + 1}`;
    ctx.fillText(name, x, 14);
    const w = ctx.measureText(name).width;
    if (!input && !output) {
      ctx.fillStyle = layerColor(s.hiddenK[c.layer]);
      ctx.fillRect(x - w / 2 - 18, 8, 12, 4);
    }
    if (output) drawLock(ctx, x + w / 2 + 6, 3);
    ctx.font = font(12);
    ctx.fillStyle = T.color.sublabel;
    const units = `${c.n} ${c.n === 1 ? 'unit' : 'units'}`;
    if (output) subscripted(ctx, `${units} · clamped to e`, 'L', x, 30);
    else ctx.fillText(input ? `x₀ · ${c.n}` : `${units} · relaxing`, x, 30);
    if (!input) ctx.fillText(`colour range ±${sci(s.scales[c.layer], 1)}`, x, 45);
  }
}

const dims = (shape: number[]) => shape.join('×');

/** The first of `options` that fits in `max` px in the current font (the last one regardless). */
function fit(ctx: Ctx, options: string[], max: number): string {
  return options.find((t) => ctx.measureText(t).width <= max) ?? options[options.length - 1];
}

function drawGraphHeaders(ctx: Ctx, s: DrawState): void {
  const last = s.views.length - 1;
  ctx.textBaseline = 'alphabetic';
  for (const c of s.layout.columns) {
    const output = c.layer === last;
    const input = c.layer < 0;
    const max = c.x1 - c.x0 - 6;
    ctx.textAlign = input ? 'left' : 'center';
    ctx.fillStyle = T.color.label;
    ctx.font = font(13, 600);
    const name = input ? 'Input' : output ? 'Output' : (s.ids[c.layer] ?? `Layer ${c.layer + 1}`);
    const w = ctx.measureText(name).width;
    // A narrow last column: keep the output's name and padlock inside the canvas.
    const x = input ? 0 : Math.min(c.cx, s.layout.width - w / 2 - (output ? 20 : 2));
    ctx.fillText(name, x, 14);
    if (!input && !output) {
      ctx.fillStyle = layerColor(s.hiddenK[c.layer]);
      ctx.fillRect(x - w / 2 - 16, 8, 11, 4);
    }
    if (output) drawLock(ctx, x + w / 2 + 6, 3);
    ctx.font = font(12);
    ctx.fillStyle = T.color.sublabel;
    const shape = dims(c.shape);
    if (output) {
      const text = fit(ctx, [`${shape} · clamped to e`, `${shape} · e`], max - 6);
      subscripted(ctx, text, 'L', x, 30);
    } else
      ctx.fillText(fit(ctx, input ? [`${shape} · data`, shape] : [`${shape} · relaxing`, shape], max), x, 30);
    if (input) continue;
    const range = sci(s.scales[c.layer], 1);
    ctx.fillText(fit(ctx, [`colour range ±${range}`, `range ±${range}`, `±${range}`], max), x, 45);
  }
}

/** Centred text ending in a subscript (e_L), at `size` px. */
function subscripted(ctx: Ctx, text: string, sub: string, x: number, y: number, size = 12): void {
  const small = font(Math.round(size * 0.75));
  const main = font(size);
  const w = ctx.measureText(text).width;
  ctx.font = small;
  const ws = ctx.measureText(sub).width;
  // Measured above in the main font (the caller set it); draw both parts from the left.
  ctx.textAlign = 'left';
  ctx.fillText(sub, x - (w + ws) / 2 + w, y + 3);
  ctx.font = main;
  ctx.fillText(text, x - (w + ws) / 2, y);
  ctx.textAlign = 'center';
}

/** A small padlock: the output layer is clamped to the output error. */
function drawLock(ctx: Ctx, x: number, y: number): void {
  ctx.save();
  ctx.strokeStyle = T.color.clamp;
  ctx.fillStyle = T.color.clamp;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.arc(x + 5, y + 5, 3.2, Math.PI, 0);
  ctx.stroke();
  ctx.fillRect(x, y + 5, 10, 7);
  ctx.restore();
}
