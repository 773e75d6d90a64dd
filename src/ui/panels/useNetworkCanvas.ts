// Lifecycle of the network canvas: size it to its container, redraw at most once per animation frame when
// the shown state changes, and turn pointer events into hover / tap / click on units. Hit-testing uses the
// layout of the last frame drawn, so what you touch is what you see.

import { useEffect, useRef, useState, type RefObject } from 'react';
import { useArStore, type ArState } from '../../store';
import { networkTheme, theme } from '../theme';
import { drawEdges, drawUnits, unitKey, type DrawState } from './networkDraw';
import { drawOpLabels } from './networkGraph';
import { drawHeaders } from './networkHeaders';
import { colourScales, layerViews, selectedOf, selectNetworkSnapshot, type ScaleMode } from './networkData';
import { hitTest, layoutNetwork, moveFocus, unitCentre, type Hit, type Layout } from './networkLayout';
import { useRedraw } from './useRedraw';

export interface NetworkViewOptions {
  item: number;
  scaleMode: ScaleMode;
  showBackward: boolean;
}

/** A unit under the pointer, with its centre in canvas CSS pixels (for placing the tooltip). */
export interface UnitPoint {
  /** Topological layer, -1 for the input. */
  layer: number;
  unit: number;
  x: number;
  y: number;
  /** In the right part of the canvas: the tooltip opens to the left. */
  flip: boolean;
}

export interface NetworkHandlers {
  /** Tooltip target: `pinned` after a tap or click (stays until the next one), else a hover. */
  onPoint(p: UnitPoint | null, pinned: boolean): void;
  /** A click or tap on a unit of a layer (not the input). */
  onActivate(p: UnitPoint): void;
}

// Only these parts of the state change the picture; batches without new values do not redraw.
const changed = (s: ArState, p: ArState) =>
  s.values !== p.values ||
  s.viewStep !== p.viewStep ||
  s.reference !== p.reference ||
  s.weights !== p.weights ||
  s.net !== p.net ||
  s.config.traces !== p.config.traces ||
  s.config.options.feedback !== p.config.options.feedback ||
  selectedOf(s) !== selectedOf(p) ||
  (s.viewStep !== null && s.history !== p.history);

export function useNetworkCanvas(
  container: RefObject<HTMLDivElement | null>,
  canvasRef: RefObject<HTMLCanvasElement | null>,
  opts: NetworkViewOptions,
  handlers: NetworkHandlers,
): { release(): void } {
  const optsRef = useRef(opts);
  const releaseRef = useRef<() => void>(() => {});
  const handlersRef = useRef(handlers);
  const { item, scaleMode, showBackward } = opts;

  const chart = useRedraw(
    container,
    (_el, redraw) => {
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return null;
      const coarse = window.matchMedia?.('(pointer: coarse)').matches ?? false;
      // The width of the last draw, for placing tooltips.
      let width = 0;
      let layout: Layout | null = null;
      let focus: { layer: number; unit: number } | null = null;
      let pinned = false;
      let shownNet: unknown = null;
      const back = document.createElement('canvas');
      let backKey: unknown[] = [];

      const size = (w: number, h: number) => {
        const dpr = window.devicePixelRatio || 1;
        if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
          canvas.width = Math.round(w * dpr);
          canvas.height = Math.round(h * dpr);
          canvas.style.width = `${w}px`;
          canvas.style.height = `${h}px`;
        }
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, w, h);
      };

      const draw = (w: number) => {
        width = w;
        const snap = selectNetworkSnapshot(useArStore.getState());
        const net = snap.net;
        if (!net || width < 50) {
          layout = null;
          size(Math.max(width, 50), 120);
          ctx.fillStyle = networkTheme.color.sublabel;
          ctx.font = `${theme.font.size.md}px ${theme.font.sans}`;
          ctx.textAlign = 'center';
          ctx.fillText('Waiting for the network…', width / 2, 64);
          return;
        }
        if (net !== shownNet) {
          // A new network: forget the hover and the pinned unit of the old one.
          shownNet = net;
          focus = null;
          pinned = false;
        }
        const o = optsRef.current;
        const shown = Math.min(o.item, net.batchSize - 1);
        layout = layoutNetwork(width, net, coarse);
        const views = layerViews(net, snap.values, snap.reference, shown);
        const state: DrawState = {
          layout,
          views,
          scales: colourScales(views, o.scaleMode),
          hiddenK: net.layerSizes.map((_, l) => net.hidden.indexOf(l)),
          ids: net.layerIds,
          weights: snap.weights,
          showBackward: o.showBackward && snap.feedback !== 'exact',
          traced: new Set(snap.traces.filter((t) => t.item === shown).map((t) => unitKey(t.layer, t.unit))),
          selected: snap.selected,
          item: shown,
          focus,
        };
        size(width, layout.height);
        describe(canvas, layout);
        // Edges and headers change only with the weights, the layout and the emphasis, not with v: they are
        // drawn into a cached layer (canvas text and thousands of strokes are costly), the units on top.
        const key = [
          width,
          layout.height,
          window.devicePixelRatio,
          net,
          snap.weights,
          state.showBackward,
          snap.traces,
          snap.selected,
          shown,
          focus?.layer,
          focus?.unit,
          ...state.scales,
        ];
        if (key.length !== backKey.length || key.some((k, i) => !Object.is(k, backKey[i]))) {
          backKey = key;
          back.width = canvas.width;
          back.height = canvas.height;
          const bctx = back.getContext('2d');
          if (bctx) {
            bctx.setTransform(canvas.width / width, 0, 0, canvas.height / layout.height, 0, 0);
            const edges = drawEdges(bctx, state);
            canvas.dataset.edges = `${edges.forward} ${edges.backward}`;
            drawHeaders(bctx, state);
            drawOpLabels(bctx, layout);
          }
        }
        ctx.drawImage(back, 0, 0, width, layout.height);
        drawUnits(ctx, state);
      };
      const pointOf = (hit: Hit | null): UnitPoint | null => {
        if (!layout || !hit) return null;
        const c = layout.columns[hit.col];
        const [x, y] = unitCentre(c, hit.unit);
        return { layer: c.layer, unit: hit.unit, x, y, flip: x > width * 0.55 };
      };
      const pointAt = (e: MouseEvent | PointerEvent): UnitPoint | null => {
        if (!layout) return null;
        const box = canvas.getBoundingClientRect();
        const slack = coarse || ('pointerType' in e && e.pointerType === 'touch') ? 8 : 2;
        return pointOf(hitTest(layout, e.clientX - box.left, e.clientY - box.top, slack));
      };
      const same = (a: { layer: number; unit: number } | null, b: { layer: number; unit: number } | null) =>
        a === b || (a !== null && b !== null && a.layer === b.layer && a.unit === b.unit);

      const onMove = (e: PointerEvent) => {
        if (e.pointerType !== 'mouse') return; // touch shows its tooltip on tap (click) instead
        const p = pointAt(e);
        if (pinned && !p) return;
        if (same(p, focus)) return;
        pinned = false;
        focus = p && { layer: p.layer, unit: p.unit };
        canvas.style.cursor = p && p.layer >= 0 ? 'pointer' : 'default';
        handlersRef.current.onPoint(p, false);
        redraw();
      };
      const onLeave = (e: PointerEvent) => {
        if (e.pointerType !== 'mouse' || pinned) return;
        focus = null;
        handlersRef.current.onPoint(null, false);
        redraw();
      };
      const onClick = (e: MouseEvent) => {
        const p = pointAt(e);
        pinned = p !== null;
        focus = p && { layer: p.layer, unit: p.unit };
        handlersRef.current.onPoint(p, pinned);
        if (p && p.layer >= 0) handlersRef.current.onActivate(p);
        redraw();
      };
      // Keyboard: arrows walk the units (tooltip follows), Enter or Space traces, Escape lets go.
      const onKey = (e: KeyboardEvent) => {
        if (!layout) return;
        const at = focus ? layout.columns.findIndex((c) => c.layer === focus!.layer) : -1;
        const here = at >= 0 ? { col: at, unit: focus!.unit } : null;
        const next = pointOf(moveFocus(layout, here, e.key));
        if (e.key === 'Escape') {
          pinned = false;
          focus = null;
          handlersRef.current.onPoint(null, false);
        } else if ((e.key === 'Enter' || e.key === ' ') && here && focus!.layer >= 0) {
          handlersRef.current.onActivate(pointOf(here)!);
        } else if (next) {
          pinned = true;
          focus = { layer: next.layer, unit: next.unit };
          handlersRef.current.onPoint(next, false);
        } else return;
        e.preventDefault();
        redraw();
      };
      releaseRef.current = () => {
        pinned = false;
        focus = null;
        redraw();
      };
      canvas.addEventListener('pointermove', onMove);
      canvas.addEventListener('pointerleave', onLeave);
      canvas.addEventListener('click', onClick);
      canvas.addEventListener('keydown', onKey);

      return {
        draw,
        dispose: () => {
          canvas.removeEventListener('pointermove', onMove);
          canvas.removeEventListener('pointerleave', onLeave);
          canvas.removeEventListener('click', onClick);
          canvas.removeEventListener('keydown', onKey);
        },
      };
    },
    changed,
  );

  useEffect(() => {
    handlersRef.current = handlers;
  }, [handlers]);
  useEffect(() => {
    optsRef.current = { item, scaleMode, showBackward };
    chart.request();
  }, [item, scaleMode, showBackward, chart]);
  // Stable across renders; lets the panel drop a pinned unit (the tooltip's close button).
  const [api] = useState(() => ({ release: () => releaseRef.current() }));
  return api;
}

/** Unit positions as a data attribute, so tests (and tools) can find a unit on the canvas. Maps: each
 *  channel's v map at tiles[ch]; unit u is channel u % ch, cell (row, col) of ⌊u / ch⌋ in a map mw wide. */
function describe(canvas: HTMLCanvasElement, layout: Layout): void {
  const r = Math.round;
  const cols = layout.columns.map((c) =>
    c.kind === 'maps'
      ? {
          layer: c.layer,
          kind: c.kind,
          op: c.op,
          n: c.n,
          cell: c.cell,
          mw: c.mw,
          mh: c.mh,
          ch: c.ch,
          tiles: c.tiles,
        }
      : c.kind === 'grid'
        ? { layer: c.layer, kind: c.kind, n: c.n, gx: r(c.gx), gy: r(c.gy), cell: c.cell, cols: c.cols }
        : { layer: c.layer, kind: c.kind, n: c.n, x: r(c.discX), y0: r(c.y0), pitch: c.pitch },
  );
  const json = JSON.stringify(cols);
  if (canvas.dataset.columns !== json) canvas.dataset.columns = json;
}
