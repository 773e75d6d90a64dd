// Drawing for the convergence panel: the chosen metric of each hidden layer against step on a log axis,
// tolerance markers, option-change marks, and the η overlay. Reads the ring buffers directly and redraws at
// most once per animation frame, whatever the batch rate; points are thinned to a min/max pair per pixel
// column so 20,000 steps cost no more than 1,000.

import { axisBottom, axisLeft, format, line, scaleLinear, scaleLog, select } from 'd3';
import { useEffect, useRef, type RefObject } from 'react';
import type { ArState } from '../../store';
import { useArStore } from '../../store';
import { power, sci } from '../format';
import { ETA_SWEEP, etaColor, layerColor, panelTheme, theme } from '../theme';
import { decadeTicks, decades, nearest, thinBy, whenChanged, type Point } from './chartScales';
import { attachChartTooltip, type TipRow } from './chartTooltip';
import {
  gradientNorms,
  METRIC_INFO,
  metricAt,
  threshold,
  toleranceHits,
  type ConvMetric,
} from './convergenceMetrics';
import { drawMarkers, drawMarks, drawThresholds } from './convergenceMarks';
import { drawEnvelopes, drawInset, envelopeAt, type Anchor } from './convergenceOverlay';
import { useRedraw } from './useRedraw';

export interface ConvView {
  metric: ConvMetric;
  overlay: boolean;
}

export function useConvergenceChart(
  container: RefObject<HTMLDivElement | null>,
  svgRef: RefObject<SVGSVGElement | null>,
  insetRef: RefObject<SVGSVGElement | null>,
  view: ConvView,
): void {
  const viewRef = useRef(view);
  const chart = useRedraw(
    container,
    (el) => {
      const svgEl = svgRef.current;
      const insetEl = insetRef.current;
      if (!svgEl || !insetEl) return null;
      const { margin: m, height, lineWidth } = theme.chart;
      const svg = select(svgEl);
      svg.selectAll('*').remove();
      const clipId = `conv-clip-${Math.random().toString(36).slice(2)}`;
      const clipRect = svg.append('defs').append('clipPath').attr('id', clipId).append('rect');
      const plot = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
      const grid = plot.append('g').attr('class', 'grid');
      const xAxis = plot.append('g').attr('class', 'axis');
      const yAxis = plot.append('g').attr('class', 'axis');
      const thresholds = plot.append('g').attr('class', 'conv-thresholds');
      const marks = plot.append('g').attr('class', 'marks');
      const envelopes = plot.append('g').attr('class', 'conv-envelopes').attr('clip-path', `url(#${clipId})`);
      const lines = plot
        .append('g')
        .attr('class', 'lines')
        .attr('fill', 'none')
        .attr('clip-path', `url(#${clipId})`);
      const markers = plot.append('g').attr('class', 'conv-markers');
      const envLabels = plot.append('g').attr('class', 'conv-eta-labels');
      const hover = plot.append('line').attr('class', 'conv-hover').attr('display', 'none');
      const cursor = plot.append('line').attr('class', 'conv-cursor');
      const { width: insetW, height: insetH } = panelTheme.conv.inset;
      select(insetEl).selectAll('*').remove();
      const inset = select(insetEl)
        .attr('width', insetW)
        .attr('height', insetH)
        .attr('viewBox', `0 0 ${insetW} ${insetH}`)
        .append('g')
        .attr('class', 'conv-inset');
      const xTitle = svg
        .append('text')
        .attr('class', 'axis-title')
        .attr('text-anchor', 'middle')
        .text('Relaxation step');
      const yTitle = svg.append('text').attr('class', 'axis-title conv-ytitle').attr('text-anchor', 'middle');
      const empty = plot
        .append('text')
        .attr('class', 'empty')
        .attr('text-anchor', 'middle')
        .text('Press Play or Step to start the relaxation');
      // Scales of the last draw, for the pointer read-out.
      let x = scaleLinear();
      let anchor: Anchor | null = null;
      const xAxisOnce = whenChanged();
      const yAxisOnce = whenChanged();

      const draw = (width: number) => {
        const s = useArStore.getState();
        const { traj, marks: changes } = s;
        const { metric, overlay } = viewRef.current;
        const info = METRIC_INFO[metric];
        const floor = info.floor;
        const iw = Math.max(width - m.left - m.right, 10);
        const ih = height - m.top - m.bottom;
        svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
        clipRect
          .attr('x', 0)
          .attr('y', -2)
          .attr('width', iw)
          .attr('height', ih + 4);
        const n = traj.steps.length;
        const first = n ? traj.steps.get(0) : 0;
        const last = n ? traj.steps.get(n - 1) : 0;
        // The overlay shows at least 100 steps, so the slow step sizes visibly decay.
        x = scaleLinear()
          .domain([first, Math.max(last, first + (overlay ? 100 : 10))])
          .range([0, iw]);
        const layers = overlay ? Math.min(1, traj.layers) : traj.layers;
        const norms = gradientNorms(s);
        const tol = s.config.options.tolerance;
        const thr =
          !overlay && tol > 0
            ? Array.from({ length: layers }, (_, k) => threshold(metric, tol, norms[k]))
            : [];
        let lo = Infinity;
        let hi = 0;
        for (let k = 0; k < layers; k++)
          for (let i = 0; i < n; i++) {
            const v = metricAt(traj, metric, k, i);
            if (Number.isNaN(v)) continue;
            lo = Math.min(lo, Math.max(v, floor));
            hi = Math.max(hi, v);
          }
        // Keep the tolerance in view: it is where the curves are heading.
        for (const t of thr) if (hi > 0) lo = Math.min(lo, Math.max(t, floor));
        const y = scaleLog()
          .domain(hi > 0 ? decades(lo, hi) : [1e-6, 1])
          .range([ih, 0]);
        const yTicks = decadeTicks(y.domain(), ih);

        xAxisOnce(`${x.domain()}|${iw}`, () => {
          xAxis.attr('transform', `translate(0,${ih})`).call(
            axisBottom(x)
              .ticks(Math.max(2, Math.floor(iw / 90)))
              .tickFormat(format(',~d')),
          );
          xTitle.attr('x', m.left + iw / 2).attr('y', height - 8);
        });
        yAxisOnce(`${y.domain()}|${iw}|${info.axis}|${overlay}`, () => {
          yAxis.call(
            axisLeft(y)
              .tickValues(yTicks)
              .tickFormat((d) => `10${power(Math.round(Math.log10(Number(d))))}`),
          );
          grid
            .selectAll('line')
            .data(yTicks)
            .join('line')
            .attr('x1', 0)
            .attr('x2', iw)
            .attr('y1', (d) => y(d))
            .attr('y2', (d) => y(d));
          yTitle
            .attr('transform', `translate(16,${m.top + ih / 2}) rotate(-90)`)
            .text(overlay ? `${info.axis} · layer 1` : info.axis);
        });
        empty
          .attr('x', iw / 2)
          .attr('y', ih / 2)
          .attr('display', n ? 'none' : null);

        const [x0, x1] = x.domain();
        drawThresholds(thresholds, n ? thr : [], iw, (t) => y(Math.max(t, floor)));
        drawMarks(marks, changes, x, ih);

        // The timeline's position, when it is not following the live run.
        const vs = s.viewStep ?? NaN;
        cursor
          .attr('display', vs >= x0 && vs <= x1 ? null : 'none')
          .attr('x1', x(vs || 0))
          .attr('x2', x(vs || 0))
          .attr('y2', ih);

        const path = line<Point>()
          .x((p) => x(p[0]))
          .y((p) => y(p[1]));
        lines
          .selectAll('path')
          .data(Array.from({ length: layers }, (_, k) => k))
          .join('path')
          .attr('stroke', (k) => (overlay ? panelTheme.conv.measured : layerColor(k)))
          .attr('stroke-width', overlay ? lineWidth + 0.5 : lineWidth)
          .attr('data-layer', (k) => k + 1)
          .attr('data-metric', metric)
          .attr(
            'd',
            (k) =>
              path(
                thinBy(
                  n,
                  (i) => traj.steps.get(i),
                  (i) => metricAt(traj, metric, k, i),
                  x,
                  floor,
                ),
              ) ?? '',
          );

        drawMarkers(markers, overlay ? [] : toleranceHits(s, metric).hits, (h) => [
          x(h.step),
          y(Math.max(h.value, floor)),
        ]);

        // η overlay: theory anchored at layer 1's first recorded value (step 1 unless the buffer wrapped).
        const a0 = n && traj.layers ? metricAt(traj, metric, 0, 0) : NaN;
        anchor = overlay && a0 > 0 ? { step: first, value: a0 } : null;
        drawEnvelopes(envelopes, envLabels, anchor, info.power, x, y);
        if (overlay) drawInset(inset, s.config.options.eta);
      };

      const detach = attachChartTooltip(el, svgEl, {
        move: (px, py) => {
          const { traj } = useArStore.getState();
          const { metric, overlay } = viewRef.current;
          const [r0, r1] = x.range();
          const cx = px - m.left;
          if (!traj.steps.length || cx < r0 - 4 || cx > r1 + 4 || py < m.top || py > height - m.bottom)
            return null;
          const i = nearest(traj.steps, x.invert(cx));
          const step = traj.steps.get(i);
          hover
            .attr('display', null)
            .attr('x1', x(step))
            .attr('x2', x(step))
            .attr('y1', 0)
            .attr('y2', height - m.top - m.bottom);
          const layers = overlay ? Math.min(1, traj.layers) : traj.layers;
          const rows: TipRow[] = Array.from({ length: layers }, (_, k) => ({
            color: overlay ? panelTheme.conv.measured : layerColor(k),
            label: overlay ? 'Layer 1, measured' : `Layer ${k + 1}`,
            value: sci(metricAt(traj, metric, k, i)),
          }));
          if (overlay && anchor)
            ETA_SWEEP.forEach((eta, j) =>
              rows.push({
                color: etaColor(j),
                dashed: true,
                label: `theory, η = ${eta}`,
                value: sci(envelopeAt(anchor!, eta, METRIC_INFO[metric].power, step)),
              }),
            );
          return { title: `Step ${step.toLocaleString('en-US')} · ${METRIC_INFO[metric].axis}`, rows };
        },
        leave: () => hover.attr('display', 'none'),
      });
      return { draw, dispose: detach };
    },
    changed,
  );

  useEffect(() => {
    viewRef.current = view;
    chart.request();
  }, [view, chart]);
}

const changed = (s: ArState, prev: ArState) =>
  s.version !== prev.version ||
  s.net !== prev.net ||
  s.viewStep !== prev.viewStep ||
  s.config.options !== prev.config.options;
