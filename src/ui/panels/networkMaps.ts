// Feature maps in the network view: a node too big for one cell per unit (a conv layer has thousands per item)
// is drawn as small heatmaps, one tile per channel with the relaxing v above the target g, so that a conv
// node reads as feature maps and the column stays short. Geometry here (fit, unit ↔ cell, hit-test) and the
// drawing, which goes through one ImageData per column: thousands of fillRects per frame would be too slow.

import { rgb } from 'd3';
import { divergingColor, networkTheme as T, theme } from '../theme';
import type { Column } from './networkLayout';
import type { DrawState } from './networkDraw';

const M = T.maps;

export interface MapFit {
  pitch: number;
  /** Map height and width in cells. */
  mh: number;
  mw: number;
  /** Channel tiles across and down. */
  tc: number;
  tr: number;
  w: number;
  h: number;
}

const fitSize = (f: Omit<MapFit, 'w' | 'h'>, C: number, paired: boolean): MapFit => {
  const k = paired ? 2 : 1;
  const tileH = k * f.mh * f.pitch + (k - 1) * M.pairGap;
  return {
    ...f,
    tr: Math.ceil(C / f.tc),
    w: f.tc * f.mw * f.pitch + (f.tc - 1) * M.tileGap,
    h: Math.ceil(C / f.tc) * tileH + (Math.ceil(C / f.tc) - 1) * M.tileGap,
  };
};

/** The largest pitch (in half pixels, at most maxPitch) at which C channels of mh × mw cells, each v over g
 *  when `paired`, tile into availW × maxH; at the smallest pitch it may overflow the height. */
export function fitMaps(
  mh: number,
  mw: number,
  C: number,
  paired: boolean,
  availW: number,
  maxH: number,
): MapFit {
  const k = paired ? 2 : 1;
  let best: MapFit | null = null;
  for (let tc = 1; tc <= C; tc++) {
    const tr = Math.ceil(C / tc);
    const pw = (availW - (tc - 1) * M.tileGap) / (tc * mw);
    const ph = ((maxH - (tr - 1) * M.tileGap) / tr - (k - 1) * M.pairGap) / (k * mh);
    const pitch = Math.min(M.maxPitch, Math.floor(Math.min(pw, ph) * 2) / 2);
    if (pitch >= M.minPitch && (!best || pitch > best.pitch))
      best = fitSize({ pitch, mh, mw, tc, tr }, C, paired);
  }
  if (best) return best;
  const tc = Math.max(1, Math.min(C, Math.floor((availW + M.tileGap) / (mw * M.minPitch + M.tileGap))));
  return fitSize({ pitch: M.minPitch, mh, mw, tc, tr: 0 }, C, paired);
}

/** A long vector as one v-over-g pair of maps, as wide as the column allows. */
export function fitVector(n: number, availW: number, maxH: number): MapFit {
  let pitch = M.maxPitch;
  for (; pitch > M.minPitch; pitch -= 0.5) {
    const mw = Math.max(1, Math.min(n, Math.floor(availW / pitch)));
    if (2 * Math.ceil(n / mw) * pitch + M.pairGap <= maxH) break;
  }
  const mw = Math.max(1, Math.min(n, Math.floor(availW / pitch)));
  return fitSize({ pitch, mh: Math.ceil(n / mw), mw, tc: 1, tr: 1 }, 1, true);
}

/** Place the tiles of a maps column, centred on (cx, mid). */
export function placeMaps(c: Column, f: MapFit, mid: number): void {
  c.cell = f.pitch;
  c.mh = f.mh;
  c.mw = f.mw;
  c.gOff = f.mh * f.pitch + M.pairGap;
  const tileH = (c.paired ? 2 : 1) * f.mh * f.pitch + (c.paired ? M.pairGap : 0);
  c.tiles = Array.from({ length: c.ch }, (_, t) => {
    const col = t % f.tc;
    const row = Math.floor(t / f.tc);
    return [c.cx - f.w / 2 + col * (f.mw * f.pitch + M.tileGap), mid - f.h / 2 + row * (tileH + M.tileGap)];
  });
}

/** Channel, row and column of unit u (image nodes are channel-last, as the engine stores them). */
export function mapCell(c: Column, u: number): [number, number, number] {
  const t = u % c.ch;
  const pix = (u - t) / c.ch;
  return [t, Math.floor(pix / c.mw), pix % c.mw];
}

export const mapUnit = (c: Column, t: number, row: number, col: number) => (row * c.mw + col) * c.ch + t;

/** Centre of unit u's cell in the v map. */
export function mapCentre(c: Column, u: number): [number, number] {
  const [t, row, col] = mapCell(c, u);
  const [x, y] = c.tiles[t];
  return [x + (col + 0.5) * c.cell, y + (row + 0.5) * c.cell];
}

/** Top-left corner and pitch of unit u's cell in the v map, or in the g map. */
export function cellRect(c: Column, u: number, g = false): [number, number, number] {
  const [t, row, col] = mapCell(c, u);
  const [x, y] = c.tiles[t];
  return [x + col * c.cell, y + row * c.cell + (g ? c.gOff : 0), c.cell];
}

/** The unit whose cell (in the v or the g map) is under (x, y), within `slack` px of a map; else null. */
export function mapHit(c: Column, x: number, y: number, slack: number): number | null {
  const side = c.mw * c.cell;
  const tall = c.mh * c.cell;
  const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));
  for (let t = 0; t < c.tiles.length; t++) {
    const [tx, ty0] = c.tiles[t];
    for (const ty of c.paired ? [ty0, ty0 + c.gOff] : [ty0]) {
      if (x < tx - slack || x > tx + side + slack || y < ty - slack || y > ty + tall + slack) continue;
      const u = mapUnit(
        c,
        t,
        clamp(Math.floor((y - ty) / c.cell), c.mh),
        clamp(Math.floor((x - tx) / c.cell), c.mw),
      );
      if (u < c.n) return u;
    }
  }
  return null;
}

/** Bounding box of a maps column's tiles: [x0, y0, x1, y1]. */
export function mapsBox(c: Column): [number, number, number, number] {
  const xs = c.tiles.map(([x]) => x);
  const ys = c.tiles.map(([, y]) => y);
  const h = (c.paired ? c.gOff : 0) + c.mh * c.cell;
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs) + c.mw * c.cell, Math.max(...ys) + h];
}

// The diverging scale as bytes, for ImageData (257 steps like divergingColor, so 0 is the middle colour).
const LUT = Array.from({ length: 257 }, (_, i) => {
  const c = rgb(divergingColor(i / 128 - 1));
  return [c.r, c.g, c.b];
});
const NEUTRAL = (() => {
  const c = rgb(T.color.inputFill);
  return [c.r, c.g, c.b];
})();

let scratch: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; img: ImageData } | null = null;
function buffer(w: number, h: number) {
  if (!scratch || scratch.img.width !== w || scratch.img.height !== h) {
    const canvas = scratch?.canvas ?? document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d')!;
    scratch = { canvas, ctx, img: ctx.createImageData(w, h) };
  }
  return scratch;
}

/** One cell per unit at 1 px into the scratch image (channel t's v map in rows t·mh…, its g map below all
 *  the v maps), then each map scaled onto its tile without smoothing. The input (no values) is a plain block. */
export function drawMaps(ctx: CanvasRenderingContext2D, c: Column, s: DrawState): void {
  const side = c.mw * c.cell;
  const tall = c.mh * c.cell;
  if (!c.paired) {
    ctx.fillStyle = T.color.inputFill;
    ctx.strokeStyle = T.color.inputStroke;
    ctx.lineWidth = 1;
    for (const [x, y] of c.tiles) {
      ctx.fillRect(x, y, side, tall);
      ctx.strokeRect(x - 0.5, y - 0.5, side + 1, tall + 1);
    }
    // The pixels are not sent to the page: a neutral block, like the MLP's input stub.
    const [x, y] = c.tiles[c.tiles.length - 1];
    ctx.fillStyle = T.color.sublabel;
    ctx.font = `11px ${theme.font.sans}`;
    ctx.textAlign = 'center';
    ctx.fillText('data', x + side / 2, y + tall + 14);
    return;
  }
  const view = s.views[c.layer];
  const scale = s.scales[c.layer];
  const buf = buffer(c.mw, 2 * c.ch * c.mh);
  const d = buf.img.data;
  d.fill(0);
  const put = (i: number, x: number | undefined) => {
    const rgbv =
      x === undefined ? NEUTRAL : LUT[Math.round((Math.max(-1, Math.min(1, x / scale || 0)) + 1) * 128)];
    d[4 * i] = rgbv[0];
    d[4 * i + 1] = rgbv[1];
    d[4 * i + 2] = rgbv[2];
    d[4 * i + 3] = 255;
  };
  const gRows = c.ch * c.mh;
  for (let u = 0; u < c.n; u++) {
    const [t, row, col] = mapCell(c, u);
    put((t * c.mh + row) * c.mw + col, view.v?.[u]);
    put((gRows + t * c.mh + row) * c.mw + col, view.g?.[u]);
  }
  buf.ctx.putImageData(buf.img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.strokeStyle = T.color.mapFrame;
  ctx.lineWidth = 1;
  c.tiles.forEach(([x, y], t) => {
    ctx.drawImage(buf.canvas, 0, t * c.mh, c.mw, c.mh, x, y, side, tall);
    ctx.drawImage(buf.canvas, 0, gRows + t * c.mh, c.mw, c.mh, x, y + c.gOff, side, tall);
    // One frame around a channel's pair, so the pairs read as units of two.
    ctx.strokeRect(x - 1.5, y - 1.5, side + 3, c.gOff + tall + 3);
  });
  ctx.restore();
}
