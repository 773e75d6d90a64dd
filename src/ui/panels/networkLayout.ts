// Geometry of the network view, kept apart from drawing so that hit-testing (hover, tap) uses exactly the
// positions the canvas was drawn with. Columns: the input (data, not relaxed), then one per layer. Narrow
// layers are "units" columns (a disc and a small gauge per unit); wide layers are compact grids of cells.

import { networkTheme as T } from '../theme';

export type ColumnKind = 'input-units' | 'input-stub' | 'units' | 'grid';

export interface Column {
  kind: ColumnKind;
  /** Topological layer index (0 = first hidden layer); -1 for the input. */
  layer: number;
  n: number;
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
  /** Grid columns: cell pitch, cells per row, rows, top-left corner. */
  cell: number;
  cols: number;
  rows: number;
  gx: number;
  gy: number;
}

export interface Layout {
  width: number;
  height: number;
  /** Top of the marks (below the column headers). */
  top: number;
  columns: Column[];
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

export function isCompact(n: number): boolean {
  return n > T.compactAbove;
}

/** Lay out the input plus `sizes` (every layer, output last) in `width` px. */
export function layoutNetwork(width: number, inputSize: number, sizes: number[], coarse: boolean): Layout {
  const inputUnits = !isCompact(inputSize);
  const inputW = inputUnits ? T.inputWidth.units : T.inputWidth.stub;
  const slot = Math.max((width - inputW) / Math.max(sizes.length, 1), 60);
  const cellPitch = coarse ? T.cell.coarse : T.cell.fine;
  const blank = (): Column => ({
    kind: 'units',
    layer: 0,
    n: 0,
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
  });

  const input: Column = {
    ...blank(),
    kind: inputUnits ? 'input-units' : 'input-stub',
    layer: -1,
    n: inputSize,
  };
  input.x0 = 0;
  input.x1 = inputW;
  input.cx = inputW / 2;
  const columns = [input];
  sizes.forEach((n, layer) => {
    const c: Column = { ...blank(), layer, n, x0: inputW + layer * slot, x1: inputW + (layer + 1) * slot };
    c.cx = (c.x0 + c.x1) / 2;
    if (isCompact(n)) {
      c.kind = 'grid';
      c.cell = cellPitch;
      // Square-ish, but with room on both sides for the edges to be seen arriving.
      c.cols = Math.max(4, Math.min(Math.floor((slot - 30) / cellPitch), Math.ceil(Math.sqrt(n))));
      c.rows = Math.ceil(n / c.cols);
    } else {
      c.pitch = clamp(Math.floor(260 / Math.max(n, 1)), T.pitch.min, T.pitch.max);
      c.r = clamp(c.pitch * 0.36, T.unitRadius.min, T.unitRadius.max);
      c.gaugeW = clamp(slot - 2 * c.r - 40, 24, T.gauge.max);
    }
    columns.push(c);
  });
  if (inputUnits) {
    input.pitch = clamp(Math.floor(260 / Math.max(inputSize, 1)), T.pitch.min, T.pitch.max);
    input.r = clamp(input.pitch * 0.22, 4, 7);
  }

  const contentH = Math.max(
    140,
    ...columns.map((c) =>
      c.kind === 'grid' ? c.rows * c.cell : c.kind === 'input-stub' ? 96 : c.n * c.pitch,
    ),
  );
  const top = T.header + 6;
  const mid = top + contentH / 2;
  for (const c of columns) {
    if (c.kind === 'grid') {
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
  return { width, height: top + contentH + 14, top, columns };
}

/** Centre of unit u's mark. */
export function unitCentre(c: Column, u: number): [number, number] {
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
  if (c.kind === 'grid') return [x, y];
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
