// Drawing for the timeline: a D3 step axis under the slider, a rug of the recorded states (one tick per
// pixel column, however many there are), the live step and the option changes of the run. The scale's
// range is inset by half the slider thumb, so a step on the axis sits under the thumb at that step.

import { axisBottom, format, scaleLinear, select, type ScaleLinear } from 'd3';
import type { RefObject } from 'react';
import { useArStore, type ArState } from '../../store';
import { useRedraw } from './useRedraw';

export const TIMELINE = {
  /** Slider thumb diameter (px); the CSS reads it as --timeline-thumb. */
  thumb: 22,
  rugHeight: 8,
  height: 40,
} as const;

/** The scale the axis and the slider share: steps [first, last] onto the thumb's travel. */
export function timelineScale(s: ArState, width: number): ScaleLinear<number, number> {
  const first = s.history.first()?.step ?? 0;
  const last = Math.max(s.history.last()?.step ?? 0, s.run.step);
  const half = TIMELINE.thumb / 2;
  return scaleLinear()
    .domain([first, Math.max(last, first + 1)])
    .range([half, Math.max(width - half, half + 1)]);
}

export function useTimelineAxis(
  container: RefObject<HTMLDivElement | null>,
  svgRef: RefObject<SVGSVGElement | null>,
): void {
  useRedraw(
    container,
    () => {
      const svgEl = svgRef.current;
      if (!svgEl) return null;
      const svg = select(svgEl);
      svg.selectAll('*').remove();
      const rug = svg.append('path').attr('class', 'timeline-rug');
      const marks = svg.append('g').attr('class', 'timeline-marks');
      const live = svg.append('g').attr('class', 'timeline-live');
      live.append('path').attr('d', 'M-5,0 L5,0 L0,7 Z');
      live.append('title').text('Live step: the newest step of the run');
      const axis = svg.append('g').attr('class', 'axis');

      const draw = (width: number) => {
        const s = useArStore.getState();
        const { height, rugHeight } = TIMELINE;
        svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
        const x = timelineScale(s, width);
        // One rug tick per pixel column that holds a recorded state.
        let d = '';
        let col = NaN;
        for (const step of s.history.steps()) {
          const c = Math.round(x(step));
          if (c === col) continue;
          col = c;
          d += `M${c},0v${rugHeight}`;
        }
        rug.attr('d', d);
        live.attr('transform', `translate(${x(s.run.step)},0)`).attr('display', s.net ? null : 'none');
        const [x0, x1] = x.domain();
        marks
          .selectAll('line')
          .data(s.marks.filter((m) => m.step >= x0 && m.step <= x1))
          .join((enter) => {
            const line = enter.append('line');
            line.append('title');
            return line;
          })
          .attr('x1', (m) => x(m.step))
          .attr('x2', (m) => x(m.step))
          .attr('y1', 0)
          .attr('y2', rugHeight + 4)
          .call((line) => line.select('title').text((m) => `Step ${m.step}: ${m.label}`));
        const ticks = Math.max(2, Math.floor(width / 90));
        axis.attr('transform', `translate(0,${rugHeight + 6})`).call(
          axisBottom(x)
            .ticks(Math.min(ticks, x1 - x0))
            .tickFormat(format(',~d'))
            .tickSizeOuter(0),
        );
        axis.selectAll('text').style('fill', 'var(--color-muted)');
      };

      return { draw };
    },
    changed,
  );
}

const changed = (s: ArState, prev: ArState) =>
  s.version !== prev.version || s.net !== prev.net || s.run.step !== prev.run.step;
