// Drawing for the AR-vs-backprop scatter: every unit of every item, v_l (y) against the autodiff gradient g_l
// (x), on a canvas (the MNIST preset has 64 × 700 points) under an SVG of axes and the identity line. The
// axes are symmetric and shared, so "on the diagonal" reads at a glance. Redraws at most once per animation
// frame, and only when the shown state, the reference, the selection or the size changes.

import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import { useEffect, useRef, type RefObject } from 'react';
import { selectViewValues, useArStore, type ArState } from '../../store';
import { sci } from '../format';
import { layerColor, panelTheme } from '../theme';
import { attachChartTooltip } from './chartTooltip';
import { whenChanged } from './chartScales';
import { PointRaster } from './scatterDraw';
import { scatterStats } from './scatterStats';
import { useRedraw } from './useRedraw';

/** Screen positions of the points drawn last, per hidden layer (x, y interleaved), for the read-out. */
interface Drawn {
  k: number;
  index: number;
  units: number;
  xy: Float32Array;
  g: Float32Array;
  v: Float32Array;
}

export function useScatterChart(
  container: RefObject<HTMLDivElement | null>,
  canvasRef: RefObject<HTMLCanvasElement | null>,
  svgRef: RefObject<SVGSVGElement | null>,
  perLayer: boolean,
  /** Hidden layers (positions among the hidden layers), toggled from the legend. */
  hiddenLayers: ReadonlySet<number>,
): void {
  const perLayerRef = useRef(perLayer);
  const hiddenRef = useRef(hiddenLayers);
  const chart = useRedraw(
    container,
    (el) => {
      const canvas = canvasRef.current;
      const svgEl = svgRef.current;
      if (!canvas || !svgEl) return null;
      const P = panelTheme.scatter;
      const m = P.margin;
      const svg = select(svgEl);
      svg.selectAll('*').remove();
      const plot = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
      const grid = plot.append('g').attr('class', 'grid');
      const zero = plot.append('g').attr('class', 'scatter-zero');
      const xAxis = plot.append('g').attr('class', 'axis');
      const yAxis = plot.append('g').attr('class', 'axis');
      const identity = plot.append('line').attr('class', 'scatter-identity');
      const idLabel = plot
        .append('text')
        .attr('class', 'scatter-identity-label')
        .attr('text-anchor', 'end')
        .text('y = x: AR = backprop');
      const ring = plot.append('circle').attr('class', 'scatter-selected').attr('r', 6);
      const hoverRing = plot
        .append('circle')
        .attr('class', 'scatter-hover')
        .attr('r', 5)
        .attr('display', 'none');
      const xTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle');
      const yTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle');
      const empty = plot.append('text').attr('class', 'empty').attr('text-anchor', 'middle');
      let drawn: Drawn[] = [];
      const raster = new PointRaster();
      const axesOnce = whenChanged();

      const draw = (width: number) => {
        const s = useArStore.getState();
        const { values } = selectViewValues(s);
        const hidden = s.net?.hidden ?? [];
        const stats = scatterStats(values, s.reference, hidden);
        const per = perLayerRef.current;
        const side = Math.min(width, P.maxSize);
        const inner = Math.max(side - m.left - m.right, 60);
        const W = inner + m.left + m.right;
        const H = inner + m.top + m.bottom;
        // Per-layer scale divides each layer by its own max |g|, so small-gradient layers are not a dot.
        const scale = stats.map((st) => (per && st.gMax > 0 ? 1 / st.gMax : 1));
        const M = Math.max(
          ...stats.map((st, k) => (hiddenRef.current.has(k) ? 0 : st.extent * scale[k])),
          1e-12,
        );
        const x = scaleLinear().domain([-M, M]).range([0, inner]).nice(6);
        const y = scaleLinear().domain(x.domain()).range([inner, 0]);
        const unit = per ? ' / max|g_l|' : '';
        axesOnce(`${x.domain()}|${inner}|${unit}|${stats.length > 0}`, () => {
          svg.attr('width', W).attr('height', H).attr('viewBox', `0 0 ${W} ${H}`);
          const [lo, hi] = x.domain();
          const ticks = x.ticks(Math.max(3, Math.floor(inner / 70)));
          xAxis
            .attr('transform', `translate(0,${inner})`)
            .call(axisBottom(x).tickValues(ticks).tickFormat(x.tickFormat(6)));
          yAxis.call(axisLeft(y).tickValues(ticks).tickFormat(y.tickFormat(6)));
          grid
            .selectAll('line')
            .data(
              ticks.flatMap((t) => [
                { t, v: true },
                { t, v: false },
              ]),
            )
            .join('line')
            .attr('x1', (d) => (d.v ? x(d.t) : 0))
            .attr('x2', (d) => (d.v ? x(d.t) : inner))
            .attr('y1', (d) => (d.v ? 0 : y(d.t)))
            .attr('y2', (d) => (d.v ? inner : y(d.t)));
          zero
            .selectAll('line')
            .data([0, 1])
            .join('line')
            .attr('x1', (d) => (d ? x(0) : 0))
            .attr('x2', (d) => (d ? x(0) : inner))
            .attr('y1', (d) => (d ? 0 : y(0)))
            .attr('y2', (d) => (d ? inner : y(0)));
          identity.attr('x1', x(lo)).attr('y1', y(lo)).attr('x2', x(hi)).attr('y2', y(hi));
          // Below the diagonal, clear of the points on it.
          idLabel
            .attr('transform', `translate(${x(hi * 0.8) + 10},${y(hi * 0.8) + 10}) rotate(-45)`)
            .attr('display', stats.length ? null : 'none');
          xTitle
            .attr('x', m.left + inner / 2)
            .attr('y', H - 6)
            .text(`g, backprop gradient (autodiff)${unit}`);
          yTitle
            .attr('transform', `translate(14,${m.top + inner / 2}) rotate(-90)`)
            .text(`v, AR relaxing value${unit}`);
        });
        empty
          .attr('x', inner / 2)
          .attr('y', inner / 2 - 20)
          .attr('display', stats.length ? 'none' : null)
          .text(s.net ? 'Waiting for the first state…' : 'Building the network…');

        const dpr = window.devicePixelRatio || 1;
        if (canvas.width !== Math.round(inner * dpr)) {
          canvas.width = canvas.height = Math.round(inner * dpr);
          canvas.style.left = `${m.left}px`;
          canvas.style.top = `${m.top}px`;
          canvas.style.width = canvas.style.height = `${inner}px`;
        }
        const ctx = canvas.getContext('2d');
        if (!ctx) return;
        const clamp = (p: number) => Math.min(Math.max(p, 0), inner);
        drawn = stats.map((_, k) => {
          const index = hidden[k];
          const g = s.reference![index];
          const v = values![index];
          return {
            k,
            index,
            units: s.net!.layerSizes[index],
            xy: new Float32Array(2 * Math.min(g.length, v.length)),
            g,
            v,
          };
        });
        drawn = drawn.filter((d) => !hiddenRef.current.has(d.k));
        for (const d of drawn) {
          const sc = scale[d.k];
          for (let i = 0; i < d.xy.length / 2; i++) {
            d.xy[2 * i] = clamp(x(d.g[i] * sc));
            d.xy[2 * i + 1] = clamp(y(d.v[i] * sc));
          }
        }
        raster.draw(
          ctx,
          drawn.map((d) => ({ xy: d.xy, color: layerColor(d.k) })),
          P.radius,
          P.alpha,
          dpr,
        );
        // The inspector's unit, ringed.
        const sel = s.selected;
        const d = sel ? drawn.find((q) => q.index === sel.layer) : undefined;
        const at = d && sel ? sel.item * d.units + sel.unit : -1;
        ring
          .attr('display', d && at >= 0 && at < d.xy.length / 2 ? null : 'none')
          .attr('cx', d ? d.xy[2 * at] : 0)
          .attr('cy', d ? d.xy[2 * at + 1] : 0);
      };

      /** Nearest drawn point within 12 px of (px, py) in plot coordinates. */
      const pick = (px: number, py: number) => {
        let best: { d: Drawn; i: number } | null = null;
        let bestD = 144;
        for (const d of drawn)
          for (let i = 0; i < d.xy.length / 2; i++) {
            const dd = (d.xy[2 * i] - px) ** 2 + (d.xy[2 * i + 1] - py) ** 2;
            if (dd < bestD) {
              bestD = dd;
              best = { d, i };
            }
          }
        return best;
      };
      /** Host coordinates to plot coordinates (the plot is centred in the host). */
      const toPlot = (px: number, py: number): [number, number] => {
        const a = svgEl.getBoundingClientRect();
        const b = el.getBoundingClientRect();
        return [px - (a.left - b.left) - m.left, py - (a.top - b.top) - m.top];
      };
      const detach = attachChartTooltip(el, svgEl, {
        move: (px, py) => {
          const hit = pick(...toPlot(px, py));
          if (!hit) {
            hoverRing.attr('display', 'none');
            return null;
          }
          const { d, i } = hit;
          hoverRing
            .attr('display', null)
            .attr('cx', d.xy[2 * i])
            .attr('cy', d.xy[2 * i + 1])
            .attr('stroke', layerColor(d.k));
          const item = Math.floor(i / d.units);
          return {
            title: `Layer ${d.k + 1} · unit ${i % d.units} · item ${item}`,
            rows: [
              { color: layerColor(d.k), label: 'v, AR value', value: sci(d.v[i], 4) },
              { label: 'g, backprop gradient', value: sci(d.g[i], 4) },
              { label: '|v − g|', value: sci(Math.abs(d.v[i] - d.g[i])) },
            ],
          };
        },
        leave: () => hoverRing.attr('display', 'none'),
        tap: (px, py) => {
          const hit = pick(...toPlot(px, py));
          if (hit)
            useArStore.getState().setSelected({
              layer: hit.d.index,
              item: Math.floor(hit.i / hit.d.units),
              unit: hit.i % hit.d.units,
            });
        },
      });
      return { draw, dispose: detach };
    },
    changed,
  );

  useEffect(() => {
    perLayerRef.current = perLayer;
    hiddenRef.current = hiddenLayers;
    chart.request();
  }, [perLayer, hiddenLayers, chart]);
}

const changed = (s: ArState, prev: ArState) =>
  s.values !== prev.values ||
  s.reference !== prev.reference ||
  s.viewStep !== prev.viewStep ||
  s.net !== prev.net ||
  s.selected !== prev.selected;
