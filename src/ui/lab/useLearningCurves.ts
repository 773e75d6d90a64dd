// Drawing for the learning curves: training loss per batch (faint raw, smoothed on top, log y) and test
// accuracy at each evaluation, one colour per condition, with a read-out that follows the pointer (or tap).

import { format } from 'd3';
import { useRef, type RefObject } from 'react';
import { useLabStore, type LabStoreState } from '../../store/labStore';
import { attachChartTooltip, type TipRow } from '../panels/chartTooltip';
import { sci } from '../format';
import { labTheme } from '../theme';
import { buildLineChart, logDomain, perPixel, type LineSeries, type XY } from './labChart';
import { useLabRedraw } from './labHooks';
import { conditionStyles, drawOrder, nearestIndex, percent, smooth, type ConditionStyle } from './labFormat';

/** Smoothing window: about 1/40 of the run so far, so the curve keeps its shape at any length. */
export function smoothingSpan(n: number): number {
  return Math.max(1, Math.round(n / 40));
}

/** Loss ticks: plain numbers in the usual range (0.05, 300, 1,000), powers of ten beyond it. */
const plain = format(',~g');
const lossTick = (v: number) => (v >= 1e-3 && v < 1e5 ? plain(v) : sci(v, 0));

function totalBatches(s: LabStoreState): number {
  const c = s.config;
  const last = s.curves.batch.length ? s.curves.batch[s.curves.batch.length - 1] : 0;
  const planned = c && s.data ? c.epochs * s.data.batchesPerEpoch : 0;
  // The full run's length once known, so the curves grow into a fixed frame instead of rescaling.
  return Math.max(planned, last, s.evals.length ? s.evals[s.evals.length - 1].batch : 0, 1);
}

export function useLearningCurves(
  lossHost: RefObject<HTMLDivElement | null>,
  lossSvg: RefObject<SVGSVGElement | null>,
  accHost: RefObject<HTMLDivElement | null>,
  accSvg: RefObject<SVGSVGElement | null>,
): void {
  const smoothed = useRef<number[][]>([]);

  useLabRedraw(
    lossHost,
    (el) => {
      if (!lossSvg.current) return null;
      const chart = buildLineChart(lossSvg.current, 'Batches trained');
      let styles: ConditionStyle[] = [];
      const draw = (width: number) => {
        const s = useLabStore.getState();
        styles = conditionStyles(s.config?.conditions ?? []);
        const { batch, loss } = s.curves;
        const span = smoothingSpan(batch.length);
        smoothed.current = styles.map((st) => smooth(loss[st.index] ?? [], span));
        const iw = width - chart.margin.left - chart.margin.right;
        const xMax = totalBatches(s);
        const px = (b: number) => (b / xMax) * iw;
        const series: LineSeries[] = [];
        for (const st of drawOrder(styles)) {
          const raw = loss[st.index] ?? [];
          series.push({
            key: `${st.id}-raw`,
            color: st.color,
            dash: null,
            width: 1,
            opacity: labTheme.chart.rawOpacity,
            points: perPixel(batch, raw, px),
          });
        }
        for (const st of drawOrder(styles))
          series.push({
            key: st.id,
            color: st.color,
            dash: st.dash,
            points: perPixel(batch, smoothed.current[st.index], px),
          });
        chart.draw({
          width,
          xMax,
          batchesPerEpoch: s.data?.batchesPerEpoch ?? 0,
          yKind: 'log',
          yDomain: logDomain(smoothed.current.flat()),
          yFormat: lossTick,
          yTitle: 'Training loss per batch (log)',
          series,
          empty: batch.length ? null : 'Start training to see the loss per batch',
        });
      };
      const detach = attachChartTooltip(el, lossSvg.current, {
        move: (px, py) => {
          const s = useLabStore.getState();
          const { batch, loss } = s.curves;
          const { margin: m, height } = chart;
          if (!batch.length || py < m.top || py > height - m.bottom) return null;
          const i = nearestIndex(batch, chart.x().invert(px - m.left));
          chart.hover(batch[i]);
          const rows: TipRow[] = styles.map((st) => ({
            color: st.color,
            dashed: st.dash !== null,
            label: st.label,
            value: `${sci(smoothed.current[st.index]?.[i], 2)} (raw ${sci(loss[st.index]?.[i], 2)})`,
          }));
          return { title: `Batch ${Math.round(batch[i]).toLocaleString('en-US')} · loss, smoothed`, rows };
        },
        leave: () => chart.hover(null),
      });
      return { draw, dispose: detach };
    },
    (s, prev) => s.version !== prev.version || s.data !== prev.data || s.config !== prev.config,
  );

  useLabRedraw(
    accHost,
    (el) => {
      if (!accSvg.current) return null;
      const chart = buildLineChart(accSvg.current, 'Batches trained');
      let styles: ConditionStyle[] = [];
      const draw = (width: number) => {
        const s = useLabStore.getState();
        styles = conditionStyles(s.config?.conditions ?? []);
        const accs = s.evals.flatMap((e) => e.accuracy).filter(Number.isFinite);
        // Zoom to the band the accuracies occupy (whole tens of %), so small gaps between conditions show.
        const lo = accs.length ? Math.max(0, Math.floor(Math.min(...accs) * 10 - 0.05) / 10) : 0;
        chart.draw({
          width,
          xMax: totalBatches(s),
          batchesPerEpoch: s.data?.batchesPerEpoch ?? 0,
          yKind: 'linear',
          yDomain: [lo, 1],
          yFormat: (v) => `${Math.round(v * 100)} %`,
          yTitle: 'Test accuracy',
          series: drawOrder(styles).map((st) => ({
            key: st.id,
            color: st.color,
            dash: st.dash,
            dots: true,
            points: s.evals.map((e): XY => [e.batch, e.accuracy[st.index]]),
          })),
          empty: s.evals.length ? null : 'Test accuracy appears at the first evaluation',
        });
      };
      const detach = attachChartTooltip(el, accSvg.current, {
        move: (px, py) => {
          const { evals } = useLabStore.getState();
          const { margin: m, height } = chart;
          if (!evals.length || py < m.top || py > height - m.bottom) return null;
          const i = nearestIndex(
            evals.map((e) => e.batch),
            chart.x().invert(px - m.left),
          );
          const e = evals[i];
          chart.hover(e.batch);
          const rows: TipRow[] = styles.map((st) => ({
            color: st.color,
            dashed: st.dash !== null,
            label: st.label,
            value: `${percent(e.accuracy[st.index], 2)} · loss ${sci(e.testLoss[st.index], 2)}`,
          }));
          return { title: `Batch ${e.batch.toLocaleString('en-US')} (epoch ${e.epoch}) · test set`, rows };
        },
        leave: () => chart.hover(null),
      });
      return { draw, dispose: detach };
    },
    (s, prev) => s.evals !== prev.evals || s.data !== prev.data || s.config !== prev.config,
  );
}
