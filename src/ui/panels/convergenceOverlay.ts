// The η overlay (the paper's Fig. 2 without rerunning the worker): the closed-form decay of layer 1 at
// several step sizes, and an inset of the contraction factor |1 − η| per step against η. The relaxation
// is linear with every eigenvalue 1 − η, so every error mode shrinks by |1 − η| per step (squared
// quantities by |1 − η|²) and the iteration is unstable where |1 − η| ≥ 1.

import {
  axisBottom,
  axisLeft,
  line,
  scaleLinear,
  type ScaleLinear,
  type ScaleLogarithmic,
  type Selection,
} from 'd3';
import { fixed } from '../format';
import { ETA_SWEEP, etaColor, panelTheme } from '../theme';

type G = Selection<SVGGElement, unknown, null, undefined>;

export interface Anchor {
  step: number;
  value: number;
}

/** Theory: the anchored value shrunk by |1 − η|^(power · (t − t0)). */
export function envelopeAt(a: Anchor, eta: number, power: number, t: number): number {
  return a.value * Math.abs(1 - eta) ** (power * (t - a.step));
}

/** One dashed line per η (straight on a log axis), from the anchor to the right edge or the floor. */
export function drawEnvelopes(
  lines: G,
  labels: G,
  a: Anchor | null,
  power: number,
  x: ScaleLinear<number, number>,
  y: ScaleLogarithmic<number, number>,
): void {
  const [, t1] = x.domain();
  const [lo] = y.domain();
  const data = a
    ? ETA_SWEEP.map((eta, i) => {
        const rate = power * Math.log(Math.abs(1 - eta));
        // Where the line leaves the plot through the floor (log y is linear in t).
        const tFloor = rate < 0 ? a.step + Math.log(lo / a.value) / rate : Infinity;
        const tEnd = Math.max(a.step, Math.min(t1, tFloor));
        return { eta, i, tEnd, yEnd: Math.max(envelopeAt(a, eta, power, tEnd), lo) };
      })
    : [];
  const path = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  lines
    .selectAll('path')
    .data(data)
    .join('path')
    .attr('fill', 'none')
    .attr('stroke', (d) => etaColor(d.i))
    .attr('stroke-width', 1.6)
    .attr('stroke-dasharray', panelTheme.conv.envelopeDash)
    .attr('data-eta', (d) => d.eta)
    .attr('d', (d) =>
      a
        ? path([
            [a.step, a.value],
            [d.tEnd, d.yEnd],
          ])
        : '',
    );
  // Labels 85 % of the way along each line, nudged apart vertically where lines run close.
  const placed = data
    .map((d) => {
      const t = a!.step + 0.85 * (d.tEnd - a!.step);
      return { ...d, px: x(t), py: y(Math.max(envelopeAt(a!, d.eta, power, t), lo)) };
    })
    .sort((p, q) => p.py - q.py);
  for (let j = 1; j < placed.length; j++)
    if (Math.abs(placed[j].px - placed[j - 1].px) < 48 && placed[j].py - placed[j - 1].py < 13)
      placed[j].py = placed[j - 1].py + 13;
  labels
    .selectAll('text')
    .data(placed)
    .join('text')
    .attr('class', 'conv-eta-label')
    .attr('fill', (d) => etaColor(d.i))
    .attr('x', (d) => d.px + 4)
    .attr('y', (d) => d.py - 4)
    .text((d) => `η = ${d.eta}`);
}

/** Contraction factor |1 − η| against η, with the unstable region shaded and the current η ringed. */
export function drawInset(g: G, eta: number): void {
  const { width: W, height: H, margin: m } = panelTheme.conv.inset;
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const ex = scaleLinear().domain([0, 2.5]).range([0, iw]);
  const ey = scaleLinear().domain([0, 1.5]).range([ih, 0]);
  g.selectAll('*').remove();
  g.append('rect').attr('class', 'conv-inset-bg').attr('width', W).attr('height', H).attr('rx', 6);
  const p = g.append('g').attr('transform', `translate(${m.left},${m.top})`);
  p.append('rect')
    .attr('x', ex(2))
    .attr('width', ex(2.5) - ex(2))
    .attr('height', ih)
    .attr('fill', panelTheme.conv.unstable);
  p.append('text')
    .attr('class', 'conv-inset-unstable')
    .attr('x', (ex(2) + ex(2.5)) / 2)
    .attr('y', ih - 5)
    .attr('text-anchor', 'middle')
    .text('unstable');
  p.append('line')
    .attr('class', 'conv-inset-one')
    .attr('x1', 0)
    .attr('x2', iw)
    .attr('y1', ey(1))
    .attr('y2', ey(1));
  p.append('path')
    .attr('class', 'conv-inset-curve')
    .attr(
      'd',
      line()([
        [ex(0), ey(1)],
        [ex(1), ey(0)],
        [ex(2.5), ey(1.5)],
      ]),
    );
  p.append('g')
    .attr('transform', `translate(0,${ih})`)
    .call(axisBottom(ex).tickValues([0, 1, 2]).tickSize(3));
  p.append('g').call(
    axisLeft(ey)
      .tickValues([0, 1])
      .tickFormat((d) => String(d))
      .tickSize(3),
  );
  p.selectAll('circle.sweep')
    .data(ETA_SWEEP)
    .join('circle')
    .attr('class', 'sweep')
    .attr('r', 2.6)
    .attr('cx', (d) => ex(d))
    .attr('cy', (d) => ey(Math.abs(1 - d)))
    .attr('fill', (_, i) => etaColor(i));
  const cur = Math.min(Math.max(eta, 0), 2.5);
  p.append('circle')
    .attr('class', 'conv-inset-current')
    .attr('r', 5)
    .attr('cx', ex(cur))
    .attr('cy', ey(Math.min(Math.abs(1 - cur), 1.5)));
  g.append('text')
    .attr('class', 'conv-inset-title')
    .attr('x', 8)
    .attr('y', 14)
    .text(`|1 − η| per step · ○ now, η = ${fixed(eta, 2)}`);
  g.append('text')
    .attr('class', 'conv-inset-axis')
    .attr('x', m.left + iw / 2)
    .attr('y', H - 3)
    .attr('text-anchor', 'middle')
    .text('η');
}
