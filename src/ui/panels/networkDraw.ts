// Canvas drawing of the network view, as plain functions of (context, layout, data). The hook decides when
// to draw; this file decides how. Encoding: disc core = v, ring = g (same diverging scale), gauge bar = v
// with a tick at g; compact layers are cells whose border is g and whose centre is v; feature maps are v
// over g per channel (networkMaps); ops without weights get the connectors of networkGraph.

import type { TracePoint } from '../../protocol';
import { divergingColor, networkTheme as T, theme } from '../theme';
import { anchor, unitCentre, type Column, type Layout } from './networkLayout';
import { maxAbs, strongest, strongestOf, type LayerView } from './networkData';
import { drawConnectorMarks, drawConnectors } from './networkGraph';
import { cellRect, drawMaps } from './networkMaps';

type Ctx = CanvasRenderingContext2D;

export interface DrawState {
  layout: Layout;
  views: LayerView[];
  scales: number[];
  /** Hidden-layer position per topological layer (for the layer colour), -1 for the output. */
  hiddenK: number[];
  /** Node ids of the graph ("conv1"), for the headers of graph nets. */
  ids: string[];
  weights: { w: (Float32Array | null)[]; backward: (Float32Array | null)[] } | null;
  showBackward: boolean;
  /** Units to emphasise, as "layer:unit" keys, for the shown item. */
  traced: Set<string>;
  selected: TracePoint | null;
  item: number;
  focus: { layer: number; unit: number } | null;
}

const key = (layer: number, unit: number) => `${layer}:${unit}`;

/** Weight edges of every dense node from its parent column, forward and optionally backward, and the
 *  connectors of the other ops. Returns how many weight edges of each kind were drawn. */
export function drawEdges(ctx: Ctx, s: DrawState): { forward: number; backward: number } {
  const drawn = { forward: 0, backward: 0 };
  const cols = s.layout.columns;
  drawConnectors(ctx, s);
  for (let i = 1; i < cols.length; i++) {
    const c = cols[i];
    const p = cols[c.parents[0] ?? i - 1];
    const w = c.op === 'dense' ? s.weights?.w[c.layer] : null;
    if (!w || p.kind === 'input-stub' || w.length !== p.n * c.n) continue;
    const pairs = edgeSet(w, p, c, s);
    drawSet(ctx, w, p, c, pairs, s, false);
    drawn.forward += pairs.length;
    const b = s.weights?.backward[c.layer];
    // Backward weights only matter between relaxing layers (the input never relaxes).
    if (s.showBackward && b && p.layer >= 0 && b.length === w.length) {
      // B is n_out × n_in; re-index it to the forward matrix's (i, j) layout so one edge set serves both.
      const bt = transposeCached(b, c.n, p.n);
      drawSet(ctx, bt, p, c, pairs, s, true);
      drawn.backward += pairs.length;
    }
  }
  return drawn;
}

const transposed = new WeakMap<Float32Array, Float32Array>();
function transposeCached(b: Float32Array, rows: number, cols: number): Float32Array {
  let t = transposed.get(b);
  if (!t) {
    t = new Float32Array(b.length);
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) t[q * rows + r] = b[r * cols + q];
    transposed.set(b, t);
  }
  return t;
}

/** Every edge between narrow layers; between wide ones the strongest few plus those of focused units. */
function edgeSet(w: Float32Array, p: Column, c: Column, s: DrawState): number[] {
  const few = (k: Column['kind']) => k === 'units' || k === 'input-units';
  const small = few(p.kind) && few(c.kind);
  if (small) return Array.from({ length: w.length }, (_, i) => i);
  const set = new Set<number>(strongest(w, T.topEdges));
  const focusUnits = (layer: number) => {
    const out: number[] = [];
    for (const k of s.traced) {
      const [l, u] = k.split(':').map(Number);
      if (l === layer) out.push(u);
    }
    if (s.focus?.layer === layer) out.push(s.focus.unit);
    if (s.selected?.layer === layer && s.selected.item === s.item) out.push(s.selected.unit);
    return out;
  };
  for (const u of focusUnits(c.layer))
    for (const e of strongestOf(w, p.n, c.n, u, 'in', T.unitEdges)) set.add(e);
  if (p.layer >= 0)
    for (const u of focusUnits(p.layer))
      for (const e of strongestOf(w, p.n, c.n, u, 'out', T.unitEdges)) set.add(e);
  return [...set];
}

function drawSet(
  ctx: Ctx,
  w: Float32Array,
  p: Column,
  c: Column,
  edges: number[],
  s: DrawState,
  back: boolean,
) {
  const m = maxAbs(w);
  const f = s.focus;
  ctx.save();
  ctx.lineCap = 'round';
  if (back) ctx.setLineDash([...T.edge.dash]);
  for (const e of edges) {
    const i = Math.floor(e / c.n);
    const j = e - i * c.n;
    const x = w[e];
    const touches =
      f !== null &&
      ((f.layer === c.layer && f.unit === j) || (f.layer === p.layer && f.unit === i && p.layer >= 0));
    const onFocusLayer = f !== null && (f.layer === c.layer || f.layer === p.layer);
    ctx.globalAlpha = touches ? T.edge.focusAlpha : onFocusLayer ? T.edge.dimAlpha : T.edge.alpha;
    ctx.strokeStyle = x >= 0 ? T.color.positive : T.color.negative;
    ctx.lineWidth = T.edge.minWidth + (T.edge.maxWidth - T.edge.minWidth) * (Math.abs(x) / m);
    const [x0, y0] = anchor(p, i, 'out');
    const [x1, y1] = anchor(c, j, 'in');
    ctx.beginPath();
    if (back) {
      // Bowed below the straight forward edge, so both stay visible.
      const bow = Math.min(14, Math.abs(x1 - x0) * 0.08);
      ctx.moveTo(x1, y1);
      ctx.quadraticCurveTo((x0 + x1) / 2, (y0 + y1) / 2 + bow, x0, y0);
    } else {
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
    }
    ctx.stroke();
  }
  ctx.restore();
}

export function drawUnits(ctx: Ctx, s: DrawState): void {
  for (const c of s.layout.columns) {
    if (c.kind === 'input-stub') drawInputStub(ctx, c, s.layout);
    else if (c.kind === 'input-units') drawInputUnits(ctx, c);
    else if (c.kind === 'grid') drawGrid(ctx, c, s);
    else if (c.kind === 'maps') {
      drawMaps(ctx, c, s);
      if (c.paired) outlineCells(ctx, c, s);
    } else drawDiscs(ctx, c, s);
  }
  drawConnectorMarks(ctx, s);
}

/** Outlines of the traced, selected and hovered units of a maps column, around their v and g cells alike. */
function outlineCells(ctx: Ctx, c: Column, s: DrawState): void {
  const units = new Set<number>();
  for (const k of s.traced) {
    const [l, u] = k.split(':').map(Number);
    if (l === c.layer) units.add(u);
  }
  if (s.selected?.layer === c.layer && s.selected.item === s.item) units.add(s.selected.unit);
  if (s.focus?.layer === c.layer) units.add(s.focus.unit);
  for (const u of units) {
    if (u >= c.n) continue;
    for (const g of [false, true]) {
      const [x, y, size] = cellRect(c, u, g);
      outline(ctx, s, c.layer, u, (extra) =>
        ctx.rect(x - extra, y - extra, size + 2 * extra, size + 2 * extra),
      );
    }
  }
}

function drawInputUnits(ctx: Ctx, c: Column): void {
  ctx.fillStyle = T.color.inputFill;
  ctx.strokeStyle = T.color.inputStroke;
  ctx.lineWidth = 1;
  for (let u = 0; u < c.n; u++) {
    const [x, y] = unitCentre(c, u);
    ctx.beginPath();
    ctx.arc(x, y, c.r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}

function drawInputStub(ctx: Ctx, c: Column, layout: Layout): void {
  // The data are not relaxed and not sent to the page: a neutral block standing for the pixels.
  const size = Math.min(c.x1 - c.x0 - 12, 56);
  const x = c.cx - size / 2;
  const y = layout.top + (layout.height - layout.top - 14) / 2 - size / 2;
  ctx.fillStyle = T.color.inputFill;
  ctx.strokeStyle = T.color.inputStroke;
  ctx.lineWidth = 1;
  ctx.fillRect(x, y, size, size);
  ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
  ctx.fillStyle = T.color.sublabel;
  ctx.font = `11px ${theme.font.sans}`;
  ctx.textAlign = 'center';
  const side = Math.round(Math.sqrt(c.n));
  ctx.fillText(side * side === c.n ? `${side}×${side}` : `${c.n}`, c.cx, y + size + 14);
  ctx.fillText('data', c.cx, y + size + 27);
}

function drawDiscs(ctx: Ctx, c: Column, s: DrawState): void {
  const view = s.views[c.layer];
  const scale = s.scales[c.layer];
  const half = c.gaugeW / 2;
  for (let u = 0; u < c.n; u++) {
    const [x, y] = unitCentre(c, u);
    const v = view.v?.[u];
    const g = view.g?.[u];
    // Ring: the backprop target g. Core: the relaxing value v. Equal colours at equilibrium.
    ctx.beginPath();
    ctx.arc(x, y, c.r, 0, 2 * Math.PI);
    ctx.fillStyle = g === undefined ? T.color.inputFill : divergingColor(g / scale);
    ctx.fill();
    ctx.strokeStyle = T.color.unitOutline;
    ctx.lineWidth = 0.75;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, c.r * T.coreFraction, 0, 2 * Math.PI);
    ctx.fillStyle = v === undefined ? T.color.inputFill : divergingColor(v / scale);
    ctx.fill();
    outline(ctx, s, c.layer, u, (extra) => ctx.arc(x, y, c.r + extra, 0, 2 * Math.PI));
    if (!c.gaugeW) continue;
    // Gauge: zero line, a bar to v, a tick at g; both on the colour scale's range, clamped at its ends.
    const zx = c.gaugeX + half;
    ctx.fillStyle = T.color.gaugeZero;
    ctx.fillRect(zx - 0.5, y - T.gauge.tick / 2, 1, T.gauge.tick);
    const at = (z: number) => zx + Math.max(-1, Math.min(1, z / scale)) * half;
    if (v !== undefined) {
      ctx.fillStyle = T.color.gaugeBar;
      const xv = at(v);
      ctx.fillRect(Math.min(zx, xv), y - T.gauge.height / 2, Math.abs(xv - zx), T.gauge.height);
    }
    if (g !== undefined) {
      ctx.fillStyle = T.color.gaugeTick;
      ctx.fillRect(at(g) - 1, y - T.gauge.tick / 2, 2, T.gauge.tick);
    }
  }
}

function drawGrid(ctx: Ctx, c: Column, s: DrawState): void {
  const view = s.views[c.layer];
  const scale = s.scales[c.layer];
  const size = c.cell - T.cell.gap;
  const inset = Math.max(2, Math.round(size * 0.28));
  for (let u = 0; u < c.n; u++) {
    const [cx, cy] = unitCentre(c, u);
    const x = cx - size / 2;
    const y = cy - size / 2;
    const v = view.v?.[u];
    const g = view.g?.[u];
    ctx.fillStyle = g === undefined ? T.color.inputFill : divergingColor(g / scale);
    ctx.fillRect(x, y, size, size);
    ctx.fillStyle = v === undefined ? T.color.inputFill : divergingColor(v / scale);
    ctx.fillRect(x + inset, y + inset, size - 2 * inset, size - 2 * inset);
  }
  for (let u = 0; u < c.n; u++) {
    const [cx, cy] = unitCentre(c, u);
    outline(ctx, s, c.layer, u, (extra) =>
      ctx.rect(cx - size / 2 - extra, cy - size / 2 - extra, size + 2 * extra, size + 2 * extra),
    );
  }
}

/** Dark outline for traced units, blue for the inspector's selection, a thin one for the hovered unit. */
function outline(ctx: Ctx, s: DrawState, layer: number, u: number, shape: (extra: number) => void): void {
  const sel = s.selected && s.selected.layer === layer && s.selected.unit === u && s.selected.item === s.item;
  const traced = s.traced.has(key(layer, u));
  const hovered = s.focus?.layer === layer && s.focus.unit === u;
  if (!sel && !traced && !hovered) return;
  ctx.save();
  if (traced || hovered) {
    ctx.beginPath();
    shape(1.5);
    ctx.strokeStyle = T.color.traced;
    ctx.lineWidth = traced ? 2 : 1;
    ctx.stroke();
  }
  if (sel) {
    ctx.beginPath();
    shape(traced ? 4 : 2);
    ctx.strokeStyle = T.color.selected;
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  ctx.restore();
}

export { key as unitKey };
