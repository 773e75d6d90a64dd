// One small D3 line chart over training batches, shared by the learning-curve and fidelity panels: x in
// batches trained with the epochs marked along the top, a linear or log y axis, one line per series.
// Built once per mount (svg groups), redrawn from plain arrays; the hooks add their own pointer read-outs.

import {
  axisBottom,
  axisLeft,
  format,
  line,
  scaleLinear,
  scaleLog,
  select,
  type ScaleContinuousNumeric,
} from 'd3';
import { labTheme } from '../theme';

export type XY = [number, number];

export interface LineSeries {
  key: string;
  color: string;
  dash: string | null;
  points: XY[];
  opacity?: number;
  width?: number;
  /** Draw a dot at every point (sparse series such as evaluations). */
  dots?: boolean;
}

export interface LineChartSpec {
  width: number;
  xMax: number;
  batchesPerEpoch: number;
  yKind: 'linear' | 'log';
  yDomain: [number, number];
  yFormat: (v: number) => string;
  yTitle: string;
  series: LineSeries[];
  /** Shown in the middle when there is nothing to draw. */
  empty: string | null;
}

export interface LineChart {
  draw(spec: LineChartSpec): void;
  x: () => ScaleContinuousNumeric<number, number>;
  y: () => ScaleContinuousNumeric<number, number>;
  /** Vertical hover rule at batch `b` (null hides it). */
  hover(b: number | null): void;
  margin: typeof labTheme.chart.margin;
  height: number;
}

export function buildLineChart(svgEl: SVGSVGElement, xTitleText: string): LineChart {
  const { margin: m, height } = labTheme.chart;
  const svg = select(svgEl);
  svg.selectAll('*').remove();
  const clipId = `lab-clip-${Math.random().toString(36).slice(2)}`;
  const clip = svg.append('defs').append('clipPath').attr('id', clipId).append('rect');
  const plot = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const grid = plot.append('g').attr('class', 'grid');
  const epochs = plot.append('g').attr('class', 'lab-epochs');
  const xAxis = plot.append('g').attr('class', 'axis');
  const yAxis = plot.append('g').attr('class', 'axis');
  const lines = plot
    .append('g')
    .attr('class', 'lines')
    .attr('fill', 'none')
    .attr('clip-path', `url(#${clipId})`);
  const dots = plot.append('g').attr('class', 'lab-dots');
  const rule = plot.append('line').attr('class', 'lab-hover').attr('display', 'none');
  const xTitle = svg
    .append('text')
    .attr('class', 'axis-title')
    .attr('text-anchor', 'middle')
    .text(xTitleText);
  const yTitle = svg.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle');
  const empty = plot.append('text').attr('class', 'empty').attr('text-anchor', 'middle');
  let x: ScaleContinuousNumeric<number, number> = scaleLinear();
  let y: ScaleContinuousNumeric<number, number> = scaleLinear();
  let ih = 0;

  const draw = (spec: LineChartSpec) => {
    const iw = Math.max(spec.width - m.left - m.right, 10);
    ih = height - m.top - m.bottom;
    svg.attr('width', spec.width).attr('height', height).attr('viewBox', `0 0 ${spec.width} ${height}`);
    clip
      .attr('x', -2)
      .attr('y', -3)
      .attr('width', iw + 4)
      .attr('height', ih + 6);
    x = scaleLinear()
      .domain([0, Math.max(spec.xMax, 1)])
      .range([0, iw]);
    y = (spec.yKind === 'log' ? scaleLog() : scaleLinear()).domain(spec.yDomain).range([ih, 0]);
    const yTicks =
      spec.yKind === 'log' ? logTicks(spec.yDomain, ih) : y.ticks(Math.max(2, Math.floor(ih / 36)));

    xAxis.attr('transform', `translate(0,${ih})`).call(
      axisBottom(x)
        .ticks(Math.max(2, Math.floor(iw / 80)))
        .tickFormat(format(',~d')),
    );
    yAxis.call(
      axisLeft(y)
        .tickValues(yTicks)
        .tickFormat((d) => spec.yFormat(Number(d))),
    );
    grid
      .selectAll('line')
      .data(yTicks)
      .join('line')
      .attr('x1', 0)
      .attr('x2', iw)
      .attr('y1', (d) => y(d))
      .attr('y2', (d) => y(d));
    drawEpochs(epochs, x, ih, spec.batchesPerEpoch);
    xTitle.attr('x', m.left + iw / 2).attr('y', height - 6);
    yTitle.attr('transform', `translate(14,${m.top + ih / 2}) rotate(-90)`).text(spec.yTitle);
    empty
      .attr('x', iw / 2)
      .attr('y', ih / 2)
      .text(spec.empty ?? '')
      .attr('display', spec.empty ? null : 'none');

    const path = line<XY>()
      .defined((p) => Number.isFinite(p[1]) && (spec.yKind === 'linear' || p[1] > 0))
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    lines
      .selectAll<SVGPathElement, LineSeries>('path')
      .data(spec.series, (s) => s.key)
      .join('path')
      .attr('data-series', (s) => s.key)
      .attr('stroke', (s) => s.color)
      .attr('stroke-width', (s) => s.width ?? labTheme.chart.lineWidth)
      .attr('stroke-dasharray', (s) => s.dash)
      .attr('stroke-opacity', (s) => s.opacity ?? 1)
      .attr('d', (s) => path(s.points) ?? '');
    const dotted = spec.series.filter((s) => s.dots);
    dots
      .selectAll<SVGGElement, LineSeries>('g')
      .data(dotted, (s) => s.key)
      .join('g')
      .attr('fill', (s) => s.color)
      .selectAll('circle')
      .data((s) => s.points.filter((p) => Number.isFinite(p[1])))
      .join('circle')
      .attr('r', 2.6)
      .attr('cx', (p) => x(p[0]))
      .attr('cy', (p) => y(p[1]));
  };

  return {
    draw,
    x: () => x,
    y: () => y,
    hover: (b) => {
      if (b === null) rule.attr('display', 'none');
      else rule.attr('display', null).attr('x1', x(b)).attr('x2', x(b)).attr('y1', 0).attr('y2', ih);
    },
    margin: m,
    height,
  };
}

/** Dotted lines at epoch boundaries and epoch numbers centred over their spans (thinned when crowded). */
function drawEpochs(
  g: ReturnType<typeof select<SVGGElement, unknown>>,
  x: ScaleContinuousNumeric<number, number>,
  ih: number,
  perEpoch: number,
) {
  const [, xMax] = x.domain();
  const n = perEpoch > 0 ? Math.ceil(xMax / perEpoch - 1e-9) : 0;
  const span = n ? x(perEpoch) - x(0) : 0;
  // Too many epochs to mark them all: every k-th, keeping labels ≥ 28 px apart and lines ≥ 6 px.
  const every = n ? Math.max(1, Math.ceil(28 / Math.max(span, 1e-9))) : 1;
  const bounds = Array.from({ length: Math.max(0, n - 1) }, (_, i) => (i + 1) * perEpoch).filter(
    (_, i) => span * every >= 6 && (i + 1) % every === 0,
  );
  g.selectAll('line')
    .data(bounds)
    .join('line')
    .attr('x1', (b) => x(b))
    .attr('x2', (b) => x(b))
    .attr('y1', -4)
    .attr('y2', ih);
  const labels = Array.from({ length: n }, (_, i) => i).filter((i) => i % every === 0);
  g.selectAll('text.lab-epoch-label')
    .data(labels)
    .join('text')
    .attr('class', 'lab-epoch-label')
    .attr('text-anchor', 'middle')
    .attr('x', (i) => x(Math.min((i + 0.5) * perEpoch, xMax)))
    .attr('y', -8)
    .text((i) => (i === 0 ? `epoch 1` : String(i + 1)));
}

/** Log ticks: 1-2-5 within a decade when the range is narrow, whole decades when wide. */
function logTicks([lo, hi]: [number, number], height: number): number[] {
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const max = Math.max(2, Math.floor(height / 28));
  for (const mult of [[1, 2, 5], [1, 3], [1]]) {
    const ticks: number[] = [];
    for (let e = a; e <= b; e++) for (const k of mult) ticks.push(k * 10 ** e);
    const inside = ticks.filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
    if (inside.length <= max && inside.length >= 3) return inside;
  }
  // A narrow range (less than a decade or so): d3's 1…9 multiples, every k-th so they fit.
  const fine = hi / lo < 100 ? scaleLog().domain([lo, hi]).ticks() : [];
  if (fine.length >= 3) {
    const k = Math.ceil(fine.length / max);
    return fine.filter((_, i) => i % k === 0);
  }
  const stride = Math.ceil((b - a + 1) / max);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i)
    .filter((e) => (e - a) % stride === 0)
    .map((e) => 10 ** e)
    .filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
}

/** Padded log domain around positive values (falls back to [0.01, 1]). */
export function logDomain(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > 0)) return [0.01, 1];
  if (hi / lo < 3) {
    const mid = Math.sqrt(hi * lo);
    return [mid / 2, mid * 2];
  }
  return [lo / 1.25, hi * 1.25];
}

/** Keeps the first and the extreme points of each pixel column: long runs cost no more than the width. */
export function perPixel(xs: readonly number[], ys: readonly number[], px: (b: number) => number): XY[] {
  const out: XY[] = [];
  let col = NaN;
  let lo: XY | null = null;
  let hi: XY | null = null;
  const flush = () => {
    if (!lo || !hi) return;
    if (lo === hi) out.push(lo);
    else out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  };
  for (let i = 0; i < xs.length; i++) {
    const p: XY = [xs[i], ys[i]];
    if (!Number.isFinite(p[1])) continue;
    const c = Math.round(px(p[0]));
    if (c !== col) {
      flush();
      col = c;
      lo = hi = p;
    } else {
      if (p[1] < lo![1]) lo = p;
      if (p[1] > hi![1]) hi = p;
    }
  }
  flush();
  return out;
}
