// Annotations on the convergence chart: the tolerance threshold(s), the live option changes, and a marker
// where each layer first comes within the tolerance.

import { symbol, symbolDiamond, type ScaleLinear, type Selection } from 'd3';
import type { Mark } from '../../store';
import { sci } from '../format';
import { layerColor, panelTheme } from '../theme';
import type { Hit } from './convergenceMetrics';

type G = Selection<SVGGElement, unknown, null, undefined>;

/** One dashed line when every layer shares the threshold (labelled), else one faint line per layer. */
export function drawThresholds(g: G, thr: number[], width: number, y: (t: number) => number): void {
  const shared = thr.length > 0 && thr.every((t) => t === thr[0]);
  g.selectAll('line')
    .data(shared ? [thr[0]] : thr)
    .join('line')
    .attr('x1', 0)
    .attr('x2', width)
    .attr('y1', y)
    .attr('y2', y)
    .attr('stroke', (_, k) => (shared ? panelTheme.conv.threshold : layerColor(k)));
  g.selectAll('text')
    .data(shared ? [thr[0]] : [])
    .join('text')
    .attr('x', width - 4)
    .attr('y', (t) => y(t) - 4)
    .attr('text-anchor', 'end')
    .text((t) => `tolerance ${sci(t, 0)}`);
}

/** Live option changes: a dashed rule at the step, labels staggered so neighbours do not collide. */
export function drawMarks(g: G, changes: Mark[], x: ScaleLinear<number, number>, height: number): void {
  const [x0, x1] = x.domain();
  g.selectAll<SVGGElement, Mark>('g')
    .data(changes.filter((c) => c.step >= x0 && c.step <= x1))
    .join((enter) => {
      const m = enter.append('g');
      m.append('line');
      m.append('text');
      return m;
    })
    .attr('transform', (c) => `translate(${x(c.step)},0)`)
    .call((m) => m.select('line').attr('y1', 0).attr('y2', height))
    .call((m) =>
      m
        .select('text')
        .attr('x', 4)
        .attr('y', (_, i) => 12 + (i % 3) * 13)
        .text((c) => c.label),
    );
}

/** A diamond in the layer's colour at each tolerance crossing. */
export function drawMarkers(g: G, hits: Hit[], at: (h: Hit) => [number, number]): void {
  g.selectAll('path')
    .data(hits)
    .join('path')
    .attr('d', symbol(symbolDiamond, panelTheme.conv.markerSize)())
    .attr('fill', (h) => layerColor(h.k))
    .attr('data-layer', (h) => h.k + 1)
    .attr('data-step', (h) => h.step)
    .attr('transform', (h) => `translate(${at(h).join(',')})`);
}
