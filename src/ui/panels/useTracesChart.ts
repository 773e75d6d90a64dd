// Drawing for the neuron traces: one small multiple per traced unit (React renders the cells, each with an
// <svg class="traces-svg" data-layer data-item data-unit>), sharing one step axis. Each shows v(t), the
// exact gradient g as a dashed rule and, optionally, the local target the unit moves toward. Redraws at most
// once per animation frame; a pointer read-out gives the numbers at any step.

import { axisBottom, axisLeft, color as d3color, line, scaleLinear, select, type ScaleLinear } from 'd3';
import { useEffect, useRef, type RefObject } from 'react';
import type { TracePoint } from '../../protocol';
import { selectViewValues, useArStore, type ArState, type NetSlice, type RingBuffer } from '../../store';
import { sci } from '../format';
import { layerColor, panelTheme } from '../theme';
import { attachChartTooltip, type TipRow } from './chartTooltip';
import { nearest, thinBy, whenChanged } from './chartScales';
import { useRedraw } from './useRedraw';

interface CellScales {
  /** Rebuilds this cell's axes only when its scales changed. */
  axes: (key: string, fn: () => void) => void;
  x: ScaleLinear<number, number>;
  /** Index of the unit in traj.traces, -1 before its first recorded step. */
  j: number;
  g: number;
  color: string;
}

/** The exact gradient of one unit, from the autodiff reference (NaN when not available). */
export function gradientOf(
  net: NetSlice | null,
  reference: Float32Array[] | null,
  { layer, item, unit }: TracePoint,
): number {
  const n = net?.layerSizes[layer];
  const g = reference?.[layer];
  return n !== undefined && g ? (g[item * n + unit] ?? NaN) : NaN;
}

const faint = (c: string) => d3color(c)?.copy({ opacity: panelTheme.traces.targetOpacity }).formatRgb() ?? c;

export function useTracesChart(
  container: RefObject<HTMLDivElement | null>,
  /** Changes whenever the cells or options change (a redraw is due). */
  layoutKey: string,
  showTarget: boolean,
): void {
  const showRef = useRef(showTarget);
  const chart = useRedraw(
    container,
    (el, request) => {
      const T = panelTheme.traces;
      const m = T.margin;
      const scales = new WeakMap<SVGSVGElement, CellScales>();
      // Cell widths from a ResizeObserver (read after layout), so drawing never forces a layout.
      const widths = new WeakMap<Element, number>();
      const sizes = new ResizeObserver((entries) => {
        for (const e of entries) widths.set(e.target, e.target.getBoundingClientRect().width);
        request();
      });
      const widthOf = (svgEl: SVGSVGElement) => {
        let w = widths.get(svgEl);
        if (w === undefined) {
          // A new cell: measure it once, and follow it from now on.
          w = svgEl.getBoundingClientRect().width;
          widths.set(svgEl, w);
          sizes.observe(svgEl);
        }
        return w;
      };

      const drawCell = (svgEl: SVGSVGElement, s: ArState, x0: ScaleLinear<number, number>) => {
        const { traj } = s;
        const layer = Number(svgEl.dataset.layer);
        const item = Number(svgEl.dataset.item);
        const unit = Number(svgEl.dataset.unit);
        const k = s.net?.hidden.indexOf(layer) ?? -1;
        const color = k >= 0 ? layerColor(k) : panelTheme.traces.gradient;
        const j = traj.traces.findIndex((p) => p.layer === layer && p.item === item && p.unit === unit);
        const g = gradientOf(s.net, s.reference, { layer, item, unit });
        const width = Math.max(widthOf(svgEl), 120);
        const iw = width - m.left - m.right;
        const ih = T.height - m.top - m.bottom;
        const x = x0.copy().range([0, iw]);
        const n = j >= 0 ? traj.traceSteps.length : 0;
        const val = j >= 0 ? traj.traceValue[j] : null;
        const tgt = j >= 0 ? traj.traceTarget[j] : null;
        let lo = Number.isFinite(g) ? g : Infinity;
        let hi = Number.isFinite(g) ? g : -Infinity;
        for (let i = 0; i < n; i++) {
          const v = val!.get(i);
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
          if (showRef.current) {
            const t = tgt!.get(i);
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
          }
        }
        if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
        const pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 1e-3, 1e-9);
        const y = scaleLinear()
          .domain([lo - pad, hi + pad])
          .range([ih, 0])
          .nice(3);
        const axes = scales.get(svgEl)?.axes ?? whenChanged();
        scales.set(svgEl, { axes, x, j, g, color });

        const svg = select(svgEl)
          .attr('width', width)
          .attr('height', T.height)
          .attr('viewBox', `0 0 ${width} ${T.height}`);
        const root = svg
          .selectAll<SVGGElement, number>('g.traces-root')
          .data([0])
          .join((enter) => {
            const r = enter.append('g').attr('class', 'traces-root');
            for (const c of ['grid', 'x', 'y', 'target', 'value', 'gradient', 'cursor', 'hover'])
              r.append('g').attr('class', c === 'x' || c === 'y' ? `axis traces-${c}` : `traces-${c}`);
            return r;
          })
          .attr('transform', `translate(${m.left},${m.top})`);
        const part = (c: string) => root.select<SVGGElement>(`g.traces-${c}`);
        axes(`${x.domain()}|${y.domain()}|${iw}`, () => {
          part('x')
            .attr('transform', `translate(0,${ih})`)
            .call(
              axisBottom(x)
                .ticks(Math.max(2, Math.floor(iw / 45)), ',~d')
                .tickSize(3),
            );
          part('y').call(axisLeft(y).ticks(3, y.tickFormat(3)).tickSize(3));
          part('grid')
            .selectAll('line')
            .data(y.ticks(3))
            .join('line')
            .attr('x1', 0)
            .attr('x2', iw)
            .attr('y1', (d) => y(d))
            .attr('y2', (d) => y(d));
        });
        const path = line<[number, number]>()
          .x((p) => x(p[0]))
          .y((p) => y(p[1]));
        const series = (buf: RingBuffer | null) =>
          buf && n
            ? (path(
                thinBy(
                  n,
                  (i) => traj.traceSteps.get(i),
                  (i) => buf.get(i),
                  x,
                  -Infinity,
                ),
              ) ?? '')
            : '';
        part('target')
          .selectAll('path')
          .data([0])
          .join('path')
          .attr('fill', 'none')
          .attr('stroke', color)
          .attr('stroke-opacity', T.targetOpacity)
          .attr('stroke-width', 1.2)
          .attr('d', showRef.current ? series(tgt) : '');
        part('value')
          .selectAll('path')
          .data([0])
          .join('path')
          .attr('fill', 'none')
          .attr('stroke', color)
          .attr('stroke-width', 2)
          .attr('d', series(val));
        part('gradient')
          .selectAll('line')
          .data(Number.isFinite(g) ? [g] : [])
          .join('line')
          .attr('stroke', T.gradient)
          .attr('stroke-dasharray', T.gradientDash)
          .attr('stroke-width', 1.4)
          .attr('x1', 0)
          .attr('x2', iw)
          .attr('y1', (d) => y(d))
          .attr('y2', (d) => y(d));
        // The timeline's position, when it is not following the live run.
        const view = selectViewValues(s);
        const [d0, d1] = x.domain();
        part('cursor')
          .selectAll('line')
          .data(!view.live && view.step >= d0 && view.step <= d1 ? [view.step] : [])
          .join('line')
          .attr('stroke', T.cursor)
          .attr('x1', (d) => x(d))
          .attr('x2', (d) => x(d))
          .attr('y1', 0)
          .attr('y2', ih);
        part('hover').attr('data-ih', ih);
      };

      const draw = () => {
        const s = useArStore.getState();
        const steps = s.traj.traceSteps;
        const first = steps.length ? steps.get(0) : 0;
        const last = steps.length ? steps.get(steps.length - 1) : 0;
        const x0 = scaleLinear().domain([first, Math.max(last, first + 10)]);
        el.querySelectorAll<SVGSVGElement>('svg.traces-svg').forEach((svgEl) => drawCell(svgEl, s, x0));
      };
      const clearHover = () => el.querySelectorAll('.traces-hover line').forEach((l) => l.remove());
      const detach = attachChartTooltip(el, el, {
        move: (px, _py, target) => {
          const svgEl = target?.closest('svg.traces-svg') as SVGSVGElement | null;
          const sc = svgEl ? scales.get(svgEl) : undefined;
          const { traj } = useArStore.getState();
          clearHover();
          if (!svgEl || !sc || sc.j < 0 || !traj.traceSteps.length) return null;
          // Pointer position within this cell's plot area.
          const cx = px - (svgEl.getBoundingClientRect().left - el.getBoundingClientRect().left) - m.left;
          const i = nearest(traj.traceSteps, sc.x.invert(cx));
          const step = traj.traceSteps.get(i);
          const v = traj.traceValue[sc.j].get(i);
          const t = traj.traceTarget[sc.j].get(i);
          const hv = select(svgEl).select('g.traces-hover');
          hv.append('line')
            .attr('x1', sc.x(step))
            .attr('x2', sc.x(step))
            .attr('y1', 0)
            .attr('y2', Number(hv.attr('data-ih')));
          const rows: TipRow[] = [
            { color: sc.color, label: 'v, relaxing value', value: sci(v, 4) },
            { color: faint(sc.color), label: 'local target', value: sci(t, 4) },
            {
              color: panelTheme.traces.gradient,
              dashed: true,
              label: 'g, exact gradient',
              value: sci(sc.g, 4),
            },
            { label: '|v − g|', value: sci(Math.abs(v - sc.g)) },
          ];
          return { title: `Step ${step.toLocaleString('en-US')}`, rows };
        },
        leave: clearHover,
      });
      return {
        draw,
        dispose: () => {
          detach();
          sizes.disconnect();
        },
      };
    },
    changed,
  );

  useEffect(() => {
    showRef.current = showTarget;
    chart.request();
  }, [showTarget, layoutKey, chart]);
}

const changed = (s: ArState, prev: ArState) =>
  s.version !== prev.version || s.reference !== prev.reference || s.viewStep !== prev.viewStep;
