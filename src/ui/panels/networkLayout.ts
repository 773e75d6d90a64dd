// Geometry of the network view, kept apart from drawing so that hit-testing (hover, tap) uses exactly the
// positions the canvas was drawn with. Columns: the input (data, not relaxed), then one per node of the graph.
// Narrow layers are "units" columns (a disc and a small gauge per unit); wide layers are compact grids of
// cells; image-shaped nodes, and vectors too long for a grid under the height cap, are feature maps.

import type { LayerInfo } from '../../protocol';
import { networkTheme as T } from '../theme';
import { fitMaps, fitVector, mapCentre, mapHit, placeMaps, type MapFit } from './networkMaps';

export type ColumnKind = 'input-units' | 'input-stub' | 'units' | 'grid' | 'maps';

export interface Column {
  kind: ColumnKind;
  /** Topological layer index (0 = first hidden layer); -1 for the input. */
  layer: number;
  n: number;
  /** The node's op ('input' for the input), its per-item shape, and its parents as column indices. */
  op: LayerInfo['op'] | 'input';
  shape: number[];
  parents: number[];
  /** Horizontal slot of the column, and the centre of its marks. */
  x0: number;
  x1: number;
  cx: number;
  /** Units columns: disc radius, vertical pitch, centre of unit 0, disc centre x, gauge start and width. */
  r: number;
  pitch: number;
  y0: number;
  discX: number;
  gaugeX: number;
  gaugeW: number;
  /** Grid and maps columns: cell pitch. Grid: cells per row, rows, top-left corner. */
  cell: number;
  cols: number;
  rows: number;
  gx: number;
  gy: number;
  /** Maps columns: map height and width in cells, channels, each channel's v map (top-left), the g map
   *  `gOff` below it; `paired` is false for the input, which has data but no v or g. */
  mh: number;
  mw: number;
  ch: number;
  tiles: [number, number][];
  gOff: number;
  paired: boolean;
}

export interface Layout {
  width: number;
  height: number;
  /** Top of the marks (below the column headers, and below the skip arcs if any). */
  top: number;
  columns: Column[];
  /** Not a plain chain of dense layers: headers name ops and shapes, and connectors are labelled. */
  graph: boolean;
  /** Baseline of the op labels under the marks, and the height the skip arcs rise to (graph nets). */
  opY: number;
  arcY: number;
}

/** What the layout needs to know about the network (a subset of the store's net slice). */
export interface NetShape {
  inputSize: number;
  layerSizes: number[];
  inputShape?: number[];
  graph?: LayerInfo[];
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

export function isCompact(n: number): boolean {
  return n > T.compactAbove;
}

/** The graph, or a chain of dense layers for a description without one. */
export function graphOf(net: NetShape): LayerInfo[] {
  if (net.graph?.length === net.layerSizes.length) return net.graph;
  return net.layerSizes.map((n, i) => ({ op: 'dense', shape: [n], parents: [i - 1], activation: '' }));
}

/** A plain MLP: every node dense, fed by the one before. Drawn as it always was. */
export function isChain(net: NetShape): boolean {
  return (
    (net.inputShape?.length ?? 1) === 1 &&
    graphOf(net).every((g, i) => g.op === 'dense' && g.parents.length === 1 && g.parents[0] === i - 1)
  );
}

/** No column taller than this, so that a CNN's thousands of units per layer fit on a screen. */
export const columnCap = (width: number) =>
  Math.round(clamp(width * T.columnCap.fraction, T.columnCap.min, T.columnCap.max));

const blank = (): Column => ({
  kind: 'units',
  layer: 0,
  n: 0,
  op: 'dense',
  shape: [],
  parents: [],
  x0: 0,
  x1: 0,
  cx: 0,
  r: 0,
  pitch: 0,
  y0: 0,
  discX: 0,
  gaugeX: 0,
  gaugeW: 0,
  cell: 0,
  cols: 0,
  rows: 0,
  gx: 0,
  gy: 0,
  mh: 0,
  mw: 0,
  ch: 1,
  tiles: [],
  gOff: 0,
  paired: true,
});

/** Lay out the input plus every node of the graph (output last) in `width` px. */
export function layoutNetwork(width: number, net: NetShape, coarse: boolean): Layout {
  const nodes = graphOf(net);
  const sizes = net.layerSizes;
  const graph = !isChain(net);
  const maxH = columnCap(width);
  const image = (shape: number[] | undefined) => graph && shape?.length === 3;
  const inputUnits = !image(net.inputShape) && !isCompact(net.inputSize);
  const inputW = image(net.inputShape)
    ? Math.max(T.inputWidth.stub, 2 * net.inputShape![1] + 2 * T.maps.margin)
    : inputUnits
      ? T.inputWidth.units
      : T.inputWidth.stub;
  // Feature maps get wider slots than the rest (they tile several channels side by side).
  const weight = nodes.map((g) => (image(g.shape) ? T.maps.slotWeight : 1));
  const unit =
    (width - inputW) /
    Math.max(
      weight.reduce((a, b) => a + b, 0),
      1,
    );
  const slots = weight.map((k) => Math.max(unit * k, 60));
  const starts = slots.map((_, i) => inputW + slots.slice(0, i).reduce((a, b) => a + b, 0));
  const cellPitch = coarse ? T.cell.coarse : T.cell.fine;
  const fits = new Map<Column, MapFit>();

  const input: Column = {
    ...blank(),
    kind: inputUnits ? 'input-units' : 'input-stub',
    layer: -1,
    n: net.inputSize,
    op: 'input',
    shape: net.inputShape ?? [net.inputSize],
    x0: 0,
    x1: inputW,
    cx: inputW / 2,
  };
  if (image(net.inputShape)) {
    const [h, w, ch] = input.shape;
    Object.assign(input, { kind: 'maps', ch, paired: false });
    fits.set(input, fitMaps(h, w, ch, false, inputW - 2 * T.maps.margin, maxH));
  }
  const columns = [input];
  sizes.forEach((n, layer) => {
    const node = nodes[layer];
    const slot = slots[layer];
    const c: Column = {
      ...blank(),
      layer,
      n,
      op: node.op,
      shape: node.shape,
      parents: node.parents.map((p) => p + 1),
      x0: starts[layer],
      x1: starts[layer] + slot,
    };
    c.cx = (c.x0 + c.x1) / 2;
    if (image(node.shape)) {
      const [h, w, ch] = node.shape;
      Object.assign(c, { kind: 'maps', ch });
      fits.set(c, fitMaps(h, w, ch, true, slot - 2 * T.maps.margin, maxH));
    } else if (isCompact(n) || n * T.pitch.min > maxH) {
      // A grid: square-ish, with room on both sides for the edges to be seen arriving; finer cells when it
      // would be taller than the cap, and v-over-g maps when even the finest grid would be.
      c.kind = 'grid';
      for (let pitch: number = cellPitch; pitch >= T.cell.min && !c.cell; pitch--) {
        const cols = Math.max(4, Math.min(Math.floor((slot - 30) / pitch), Math.ceil(Math.sqrt(n))));
        if (pitch === T.cell.min || Math.ceil(n / cols) * pitch <= maxH)
          Object.assign(c, { cell: pitch, cols, rows: Math.ceil(n / cols) });
      }
      if (graph && c.rows * c.cell > maxH) {
        c.kind = 'maps';
        fits.set(c, fitVector(n, slot - 2 * T.maps.margin, maxH));
      }
    } else {
      c.pitch = clamp(Math.floor(260 / Math.max(n, 1)), T.pitch.min, T.pitch.max);
      c.r = clamp(c.pitch * 0.36, T.unitRadius.min, T.unitRadius.max);
      c.gaugeW = clamp(slot - 2 * c.r - 40, 24, T.gauge.max);
    }
    columns.push(c);
  });
  if (inputUnits) {
    input.pitch = clamp(Math.floor(260 / Math.max(net.inputSize, 1)), T.pitch.min, T.pitch.max);
    input.r = clamp(input.pitch * 0.22, 4, 7);
  }

  const heightOf = (c: Column) =>
    c.kind === 'maps'
      ? fits.get(c)!.h
      : c.kind === 'grid'
        ? c.rows * c.cell
        : c.kind === 'input-stub'
          ? 96
          : c.n * c.pitch;
  const contentH = Math.max(140, ...columns.map(heightOf));
  // A parent that is not the column before (a skip connection) is drawn as an arc over the columns between.
  const arcs = columns.some((c, i) => c.parents.some((p) => p < i - 1));
  const top = T.header + 6 + (arcs ? T.graph.arcRoom : 0);
  const mid = top + contentH / 2;
  for (const c of columns) {
    if (c.kind === 'maps') placeMaps(c, fits.get(c)!, mid);
    else if (c.kind === 'grid') {
      c.gx = c.cx - (c.cols * c.cell) / 2;
      c.gy = mid - (c.rows * c.cell) / 2;
    } else if (c.kind !== 'input-stub') {
      c.y0 = mid - ((c.n - 1) * c.pitch) / 2;
      // The disc and gauge together are centred in the slot; edges leave from the gauge's far end.
      const pill = 2 * c.r + (c.gaugeW ? 6 + c.gaugeW : 0);
      c.discX = c.cx - pill / 2 + c.r;
      c.gaugeX = c.discX + c.r + 6;
    }
  }
  const bottom = top + contentH + 14;
  return {
    width,
    height: bottom + (graph ? T.graph.opRow : 0),
    top,
    columns,
    graph,
    opY: bottom + 8,
    arcY: T.header + 18,
  };
}

/** Centre of unit u's mark. */
export function unitCentre(c: Column, u: number): [number, number] {
  if (c.kind === 'maps') return mapCentre(c, u);
  if (c.kind === 'grid') {
    const row = Math.floor(u / c.cols);
    return [c.gx + (u - row * c.cols + 0.5) * c.cell, c.gy + (row + 0.5) * c.cell];
  }
  if (c.kind === 'input-stub') return [c.cx, 0];
  return [c.discX, c.y0 + u * c.pitch];
}

/** Where an edge leaves a unit towards the next layer (right) or enters it from the previous one (left). */
export function anchor(c: Column, u: number, side: 'in' | 'out'): [number, number] {
  const [x, y] = unitCentre(c, u);
  if (c.kind === 'grid' || c.kind === 'maps') return [x, y];
  if (side === 'in') return [x - c.r, y];
  return [c.gaugeW ? c.gaugeX + c.gaugeW + 3 : x + c.r, y];
}

export interface Hit {
  /** Index into layout.columns. */
  col: number;
  unit: number;
}

/** The unit under (x, y), with a margin for fingers; null over empty space. */
export function hitTest(layout: Layout, x: number, y: number, slack: number): Hit | null {
  for (let i = 0; i < layout.columns.length; i++) {
    const c = layout.columns[i];
    if (c.kind === 'input-stub' || x < c.x0 || x > c.x1) continue;
    if (c.kind === 'maps') {
      const u = mapHit(c, x, y, slack);
      if (u !== null) return { col: i, unit: u };
      continue;
    }
    if (c.kind === 'grid') {
      const col = Math.floor((x - c.gx) / c.cell);
      const row = Math.floor((y - c.gy) / c.cell);
      if (col < 0 || col >= c.cols || row < 0 || row >= c.rows) continue;
      const u = row * c.cols + col;
      if (u < c.n) return { col: i, unit: u };
      continue;
    }
    const u = Math.round((y - c.y0) / c.pitch);
    if (u < 0 || u >= c.n) continue;
    const [cx, cy] = unitCentre(c, u);
    const right = c.gaugeW ? c.gaugeX + c.gaugeW : cx + c.r;
    if (x >= cx - c.r - slack && x <= right + slack && Math.abs(y - cy) <= Math.max(c.r + slack, c.pitch / 2))
      return { col: i, unit: u };
  }
  return null;
}

/** Keyboard navigation over the relaxing layers: up/down within a layer, left/right to the neighbouring
 *  layer at the same relative height. Returns the new position, or null for other keys. */
export function moveFocus(layout: Layout, at: Hit | null, key: string): Hit | null {
  const first = layout.columns.findIndex((c) => c.layer >= 0);
  if (first < 0) return null;
  if (!at)
    return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(key) ? { col: first, unit: 0 } : null;
  const c = layout.columns[at.col];
  const to = (col: number): Hit => {
    const n = layout.columns[col].n;
    return { col, unit: Math.min(n - 1, Math.round(((at.unit + 0.5) / c.n) * n - 0.5)) };
  };
  switch (key) {
    case 'ArrowUp':
      return { col: at.col, unit: Math.max(0, at.unit - 1) };
    case 'ArrowDown':
      return { col: at.col, unit: Math.min(c.n - 1, at.unit + 1) };
    case 'ArrowLeft':
      return at.col > first ? to(at.col - 1) : at;
    case 'ArrowRight':
      return at.col < layout.columns.length - 1 ? to(at.col + 1) : at;
    default:
      return null;
  }
}
