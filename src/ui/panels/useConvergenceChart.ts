// Drawing for the convergence panel: relative error of each hidden layer against step, log y axis. The
// chart reads the ring buffers directly and redraws at most once per animation frame, whatever the batch
// rate; points are thinned to a min/max pair per pixel column so 20,000 steps cost no more than 1,000.

import {
  axisBottom,
  axisLeft,
  format,
  line,
  scaleLinear,
  scaleLog,
  select,
  type ScaleLinear,
  type ScaleLogarithmic,
} from 'd3';
import { useEffect, type RefObject } from 'react';
import { useArStore, type RingBuffer } from '../../store';
import { power } from '../format';
import { layerColor, theme } from '../theme';

type Point = [number, number];

/** Min and max of each pixel column, in step order. */
export function thin(
  steps: RingBuffer,
  values: RingBuffer,
  x: ScaleLinear<number, number>,
  floor: number,
): Point[] {
  const out: Point[] = [];
  let col = NaN;
  let lo: Point | null = null;
  let hi: Point | null = null;
  const emit = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  };
  for (let i = 0; i < values.length; i++) {
    const v = values.get(i);
    if (!Number.isFinite(v)) continue;
    const p: Point = [steps.get(i), Math.max(v, floor)];
    const c = Math.round(x(p[0]));
    if (c !== col) {
      emit();
      col = c;
      lo = hi = p;
    } else {
      if (p[1] < lo![1]) lo = p;
      if (p[1] > hi![1]) hi = p;
    }
  }
  emit();
  return out;
}

/** Whole decades around the data (at least two), so the log axis reads in powers of ten. */
function decades(lo: number, hi: number): [number, number] {
  let a = Math.floor(Math.log10(lo));
  let b = Math.ceil(Math.log10(hi));
  if (b - a < 2) a = b - 2;
  if (!Number.isFinite(a) || !Number.isFinite(b)) [a, b] = [-6, 0];
  return [10 ** a, 10 ** b];
}

export function useConvergenceChart(
  container: RefObject<HTMLDivElement | null>,
  svgRef: RefObject<SVGSVGElement | null>,
): void {
  useEffect(() => {
    const el = container.current;
    const svgEl = svgRef.current;
    if (!el || !svgEl) return;
    const { margin: m, height, lineWidth, floor } = theme.chart;
    const svg = select(svgEl);
    svg.selectAll('*').remove();
    const plot = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
    const grid = plot.append('g').attr('class', 'grid');
    const xAxis = plot.append('g').attr('class', 'axis');
    const yAxis = plot.append('g').attr('class', 'axis');
    const marks = plot.append('g').attr('class', 'marks');
    const lines = plot
      .append('g')
      .attr('class', 'lines')
      .attr('fill', 'none')
      .attr('stroke-width', lineWidth);
    const xTitle = svg
      .append('text')
      .attr('class', 'axis-title')
      .attr('text-anchor', 'middle')
      .text('Relaxation step');
    const yTitle = svg
      .append('text')
      .attr('class', 'axis-title')
      .attr('text-anchor', 'middle')
      .text('Relative error ‖v − g‖² / ‖g‖²');
    const empty = plot
      .append('text')
      .attr('class', 'empty')
      .attr('text-anchor', 'middle')
      .text('Press Play or Step to start the relaxation');
    let width = el.clientWidth;
    let frame = 0;

    const draw = () => {
      frame = 0;
      const { traj, marks: changes } = useArStore.getState();
      const iw = Math.max(width - m.left - m.right, 10);
      const ih = height - m.top - m.bottom;
      svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
      const n = traj.steps.length;
      const first = n ? traj.steps.get(0) : 0;
      const last = n ? traj.steps.get(n - 1) : 0;
      const x = scaleLinear()
        .domain([first, Math.max(last, first + 10)])
        .range([0, iw]);
      let lo = Infinity;
      let hi = 0;
      for (const b of traj.metrics.relError)
        for (let i = 0; i < b.length; i++) {
          const v = b.get(i);
          if (Number.isFinite(v)) {
            lo = Math.min(lo, Math.max(v, floor));
            hi = Math.max(hi, v);
          }
        }
      const y: ScaleLogarithmic<number, number> = scaleLog()
        .domain(hi > 0 ? decades(lo, hi) : [1e-6, 1])
        .range([ih, 0]);
      const [d0, d1] = y.domain().map((d) => Math.round(Math.log10(d)));
      const stride = Math.ceil((d1 - d0 + 1) / Math.max(2, Math.floor(ih / 28)));
      const yTicks = Array.from({ length: d1 - d0 + 1 }, (_, i) => d0 + i)
        .filter((e) => (e - d0) % stride === 0)
        .map((e) => 10 ** e);

      xAxis.attr('transform', `translate(0,${ih})`).call(
        axisBottom(x)
          .ticks(Math.max(2, Math.floor(iw / 90)))
          .tickFormat(format(',~d')),
      );
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
      xTitle.attr('x', m.left + iw / 2).attr('y', height - 8);
      yTitle.attr('transform', `translate(16,${m.top + ih / 2}) rotate(-90)`);
      empty
        .attr('x', iw / 2)
        .attr('y', ih / 2)
        .attr('display', n ? 'none' : null);

      // Live option changes: a dashed rule at the step, labels staggered so neighbours do not collide.
      const [x0, x1] = x.domain();
      marks
        .selectAll('g')
        .data(changes.filter((c) => c.step >= x0 && c.step <= x1))
        .join((enter) => {
          const g = enter.append('g');
          g.append('line');
          g.append('text');
          return g;
        })
        .attr('transform', (c) => `translate(${x(c.step)},0)`)
        .call((g) => g.select('line').attr('y1', 0).attr('y2', ih))
        .call((g) =>
          g
            .select('text')
            .attr('x', 4)
            .attr('y', (_, i) => 12 + (i % 3) * 13)
            .text((c) => c.label),
        );

      const path = line<Point>()
        .x((p) => x(p[0]))
        .y((p) => y(p[1]));
      lines
        .selectAll('path')
        .data(traj.metrics.relError)
        .join('path')
        .attr('stroke', (_, k) => layerColor(k))
        .attr('data-layer', (_, k) => k + 1)
        .attr('d', (b) => path(thin(traj.steps, b, x, floor)) ?? '');
    };

    const request = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    const resize = new ResizeObserver(() => {
      width = el.clientWidth;
      request();
    });
    resize.observe(el);
    const unsubscribe = useArStore.subscribe((s, prev) => {
      if (s.version !== prev.version || s.net !== prev.net) request();
    });
    request();
    return () => {
      resize.disconnect();
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [container, svgRef]);
}
