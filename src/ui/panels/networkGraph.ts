// Connectors of the ops that have no weight matrix to draw: a conv or pooling node's receptive-field fan (a
// k×k patch of every input channel for conv, of its own channel for pooling, onto one unit, following the
// hovered or selected unit), flatten's funnel, and an add node's identity links, the one from a skip parent
// arched over the columns in between. Plus the op labels under the marks of a graph net.

import { networkTheme as T, theme } from '../theme';
import type { DrawState } from './networkDraw';
import { anchor, type Column, type Layout } from './networkLayout';
import { cellRect, mapCell, mapUnit, mapsBox } from './networkMaps';

type Ctx = CanvasRenderingContext2D;

/** What the connector into column c does, in a few characters ("conv 5×5", "max-pool 2"). */
export function opLabel(c: Pick<Column, 'op' | 'shape'>, parent: Pick<Column, 'shape'> | undefined): string {
  const pool = parent && parent.shape.length === 3 && c.shape.length === 3 ? parent.shape[0] / c.shape[0] : 0;
  switch (c.op) {
    case 'conv2d': {
      // Valid padding, stride 1 (the presets' convolutions): the kernel is what the map lost.
      const k = parent && parent.shape.length === 3 ? parent.shape[0] - c.shape[0] + 1 : 0;
      return k > 1 ? `conv ${k}×${k}` : 'conv';
    }
    case 'maxPool':
    case 'avgPool':
      return `${c.op === 'maxPool' ? 'max' : 'avg'}-pool${pool > 1 ? ` ${Math.round(pool)}` : ''}`;
    case 'add':
      return 'add (+)';
    default:
      return c.op;
  }
}

/** Bounding box of a column's marks: [x0, y0, x1, y1]. */
function box(c: Column): [number, number, number, number] {
  if (c.kind === 'maps') return mapsBox(c);
  if (c.kind === 'grid') return [c.gx, c.gy, c.gx + c.cols * c.cell, c.gy + c.rows * c.cell];
  const [, y1] = anchor(c, c.n - 1, 'out');
  return [c.discX - c.r, c.y0 - c.r, anchor(c, 0, 'out')[0], y1 + c.r];
}

/** The unit a fan points at: the hovered or selected unit of this layer, else a central one. */
function fanTarget(s: DrawState, c: Column): number {
  if (s.focus?.layer === c.layer) return s.focus.unit;
  if (s.selected?.layer === c.layer && s.selected.item === s.item) return s.selected.unit;
  return mapUnit(c, 0, Math.floor(c.mh / 2), Math.floor(c.mw / 2));
}

interface Fan {
  /** Patches in the parent's v maps: [x, y, size], and the target cell [x, y, size]. */
  patches: [number, number, number][];
  cell: [number, number, number];
}

function fanOf(s: DrawState, p: Column, c: Column): Fan | null {
  if (p.kind !== 'maps' || c.kind !== 'maps') return null;
  const u = fanTarget(s, c);
  const [t, row, col] = mapCell(c, u);
  const conv = c.op === 'conv2d';
  const k = conv ? Math.max(1, p.mh - c.mh + 1) : Math.max(1, Math.round(p.mh / c.mh));
  const r0 = conv ? row : row * k;
  const q0 = conv ? col : col * k;
  const sources = conv ? p.tiles : [p.tiles[t]].filter(Boolean);
  return {
    patches: sources.map(([x, y]) => [x + q0 * p.cell, y + r0 * p.cell, k * p.cell]),
    cell: cellRect(c, u),
  };
}

/** Background part of every connector (under the units). */
export function drawConnectors(ctx: Ctx, s: DrawState): void {
  const cols = s.layout.columns;
  ctx.save();
  cols.forEach((c, i) => {
    if (c.layer < 0 || c.op === 'dense') return;
    const p = cols[c.parents[c.parents.length - 1]];
    if (!p) return;
    if (c.op === 'add') {
      for (const pi of c.parents) identity(ctx, s, cols[pi], c, pi < i - 1);
      return;
    }
    const fan = c.op === 'flatten' ? null : fanOf(s, p, c);
    ctx.fillStyle = T.color.connector;
    ctx.strokeStyle = T.color.connector;
    ctx.lineWidth = 0.75;
    if (fan) {
      const [cx, cy, cs] = fan.cell;
      for (const [x, y, size] of fan.patches) {
        ctx.beginPath();
        ctx.moveTo(x + size, y);
        ctx.lineTo(cx, cy);
        ctx.lineTo(cx, cy + cs);
        ctx.lineTo(x + size, y + size);
        ctx.closePath();
        ctx.globalAlpha = 0.12;
        ctx.fill();
        ctx.globalAlpha = 0.5;
        ctx.stroke();
      }
      return;
    }
    // Flatten (or a fan with no maps to point into): a funnel from the parent's marks to the child's.
    const [, py0, px1, py1] = box(p);
    const [cx0, cy0, , cy1] = box(c);
    ctx.beginPath();
    ctx.moveTo(px1 + 2, py0);
    ctx.lineTo(cx0 - 2, cy0);
    ctx.lineTo(cx0 - 2, cy1);
    ctx.lineTo(px1 + 2, py1);
    ctx.closePath();
    ctx.globalAlpha = 0.08;
    ctx.fill();
    ctx.globalAlpha = 0.45;
    ctx.setLineDash([3, 3]);
    ctx.stroke();
    ctx.setLineDash([]);
  });
  ctx.restore();
}

/** Unit u of `p` to unit u of the add node: straight from the column before, arched from a skip parent. */
function identity(ctx: Ctx, s: DrawState, p: Column, c: Column, skip: boolean): void {
  const f = s.focus;
  ctx.strokeStyle = T.color.identity;
  ctx.lineCap = 'round';
  for (let u = 0; u < Math.min(p.n, c.n); u++) {
    const [x0, y0] = anchor(p, u, 'out');
    const [x1, y1] = anchor(c, u, 'in');
    const touches = f !== null && f.unit === u && (f.layer === p.layer || f.layer === c.layer);
    ctx.globalAlpha = touches ? 0.9 : 0.45;
    ctx.lineWidth = touches ? 2 : 1.1;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    if (skip) {
      // Control points chosen so that every link peaks at arcY: the links bundle into one arch.
      const dx = (x1 - x0) * 0.3;
      const cy = (s.layout.arcY - 0.25 * ((y0 + y1) / 2)) / 0.75;
      ctx.bezierCurveTo(x0 + dx, cy, x1 - dx, cy, x1, y1);
    } else ctx.lineTo(x1, y1);
    ctx.stroke();
  }
  if (skip) {
    ctx.globalAlpha = 1;
    halo(ctx, 'skip: identity', (p.cx + c.cx) / 2, s.layout.arcY - 5, T.color.sublabel);
  }
}

/** Foreground part (over the maps, which would hide it): each fan's patches and its target cell. */
export function drawConnectorMarks(ctx: Ctx, s: DrawState): void {
  const cols = s.layout.columns;
  ctx.save();
  ctx.strokeStyle = T.color.traced;
  ctx.lineWidth = 1;
  for (const c of cols) {
    if (c.layer < 0 || c.op === 'dense' || c.op === 'add') continue;
    const p = cols[c.parents[0]];
    const fan = p && c.op !== 'flatten' ? fanOf(s, p, c) : null;
    if (!fan) continue;
    ctx.globalAlpha = 0.85;
    for (const [x, y, size] of fan.patches) ctx.strokeRect(x - 0.5, y - 0.5, size + 1, size + 1);
    const [x, y, size] = fan.cell;
    ctx.strokeRect(x - 0.5, y - 0.5, size + 1, size + 1);
  }
  ctx.restore();
}

/** The op of each connector, under the marks at the boundary between parent and child (graph nets only). */
export function drawOpLabels(ctx: Ctx, layout: Layout): void {
  if (!layout.graph) return;
  const cols = layout.columns;
  ctx.save();
  ctx.font = `11px ${theme.font.sans}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const c of cols) {
    if (c.layer < 0) continue;
    const text = opLabel(c, cols[c.parents[c.parents.length - 1]]);
    const w = ctx.measureText(text).width + 10;
    ctx.fillStyle = T.color.inputFill;
    ctx.beginPath();
    ctx.roundRect(c.x0 - w / 2, layout.opY - 8, w, 16, 8);
    ctx.fill();
    ctx.fillStyle = T.color.sublabel;
    ctx.fillText(text, c.x0, layout.opY + 0.5);
  }
  ctx.restore();
}

/** Text with a white halo, readable over edges. */
function halo(ctx: Ctx, text: string, x: number, y: number, color: string): void {
  ctx.save();
  ctx.font = `11px ${theme.font.sans}`;
  ctx.textAlign = 'center';
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
  ctx.restore();
}
