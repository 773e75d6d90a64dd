// Drawing for the fidelity panel: for the chosen weighted layer, the angle between each AR condition's
// weight update and backprop's per batch (faint raw, smoothed on top), and for learned backward weights
// the angle between B and Wᵀ. Degrees, log or linear y.

import { useEffect, useRef, type RefObject } from 'react';
import { LEARNED_CONDITIONS } from '../../protocol/lab';
import { useLabStore, type LabStoreState } from '../../store/labStore';
import { attachChartTooltip, type TipRow } from '../panels/chartTooltip';
import { labTheme } from '../theme';
import { buildLineChart, logDomain, perPixel, type LineChart, type LineSeries } from './labChart';
import { useLabRedraw, type LabChart } from './labHooks';
import { conditionStyles, degrees, nearestIndex, smooth, type ConditionStyle } from './labFormat';
import { smoothingSpan } from './useLearningCurves';

export interface FidelityView {
  layer: number;
  log: boolean;
}

const DEG = 180 / Math.PI;

type Which = 'angles' | 'alignment';

/** The conditions that have a series of this kind (AR variants for angles; learned B for alignment). */
export function fidelityConditions(s: LabStoreState, which: Which): ConditionStyle[] {
  return conditionStyles(s.config?.conditions ?? []).filter((st) =>
    which === 'angles' ? st.id !== 'bp' : LEARNED_CONDITIONS.includes(st.id),
  );
}

function xMaxOf(s: LabStoreState): number {
  const last = s.curves.batch.length ? s.curves.batch[s.curves.batch.length - 1] : 0;
  const planned = s.config && s.data ? s.config.epochs * s.data.batchesPerEpoch : 0;
  return Math.max(planned, last, 1);
}

function setupChart(
  el: HTMLElement,
  svgEl: SVGSVGElement,
  which: Which,
  view: RefObject<FidelityView>,
): LabChart {
  const chart: LineChart = buildLineChart(svgEl, 'Batches trained');
  let styles: ConditionStyle[] = [];
  let smoothed: number[][] = [];
  const draw = (width: number) => {
    const s = useLabStore.getState();
    const { layer, log } = view.current;
    styles = fidelityConditions(s, which);
    const { batch } = s.curves;
    const series = s.curves[which];
    const span = smoothingSpan(batch.length);
    const deg = (c: number) => (series[c]?.[layer] ?? []).map((a) => a * DEG);
    const iw = width - chart.margin.left - chart.margin.right;
    const xMax = xMaxOf(s);
    const px = (b: number) => (b / xMax) * iw;
    smoothed = [];
    const lines: LineSeries[] = [];
    for (const st of styles) {
      const raw = deg(st.index);
      smoothed[st.index] = smooth(raw, span);
      lines.push({
        key: `${st.id}-raw`,
        color: st.color,
        dash: null,
        width: 1,
        opacity: labTheme.chart.rawOpacity,
        points: perPixel(batch, raw, px),
      });
    }
    for (const st of styles)
      lines.push({
        key: st.id,
        color: st.color,
        dash: st.dash,
        points: perPixel(batch, smoothed[st.index], px),
      });
    const all = styles.flatMap((st) => smoothed[st.index]);
    const max = Math.max(1, ...all.filter(Number.isFinite));
    chart.draw({
      width,
      xMax,
      batchesPerEpoch: s.data?.batchesPerEpoch ?? 0,
      yKind: log ? 'log' : 'linear',
      yDomain: log ? logDomain(all) : [0, Math.min(180, max * 1.1)],
      yFormat: (v) => `${Number(v.toPrecision(2))}°`,
      yTitle: which === 'angles' ? `∠(ΔW, ΔW_bp), layer ${layer + 1}` : `∠(B, Wᵀ), layer ${layer + 1}`,
      series: lines,
      empty: !styles.length
        ? which === 'angles'
          ? 'Add an AR condition to compare its updates with backprop'
          : 'No learned-backward-weight condition in this run'
        : batch.length
          ? null
          : 'Angles appear once training starts',
    });
  };
  const detach = attachChartTooltip(el, svgEl, {
    move: (px, py) => {
      const s = useLabStore.getState();
      const { batch } = s.curves;
      const { margin: m, height } = chart;
      if (!batch.length || !styles.length || py < m.top || py > height - m.bottom) return null;
      const i = nearestIndex(batch, chart.x().invert(px - m.left));
      chart.hover(batch[i]);
      const { layer } = view.current;
      const rows: TipRow[] = styles.map((st) => ({
        color: st.color,
        dashed: st.dash !== null,
        label: st.label,
        value: `${degrees((smoothed[st.index]?.[i] ?? NaN) / DEG)} (raw ${degrees(s.curves[which][st.index]?.[layer]?.[i])})`,
      }));
      const what = which === 'angles' ? 'update angle to backprop' : 'B vs Wᵀ';
      return {
        title: `Batch ${Math.round(batch[i]).toLocaleString('en-US')} · layer ${layer + 1} ${what}`,
        rows,
      };
    },
    leave: () => chart.hover(null),
  });
  return { draw, dispose: detach };
}

export function useFidelityChart(
  anglesHost: RefObject<HTMLDivElement | null>,
  anglesSvg: RefObject<SVGSVGElement | null>,
  alignHost: RefObject<HTMLDivElement | null>,
  alignSvg: RefObject<SVGSVGElement | null>,
  view: FidelityView,
): void {
  const viewRef = useRef(view);
  const changed = (s: LabStoreState, prev: LabStoreState) =>
    s.version !== prev.version || s.data !== prev.data || s.config !== prev.config;
  const angles = useLabRedraw(
    anglesHost,
    (el) => (anglesSvg.current ? setupChart(el, anglesSvg.current, 'angles', viewRef) : null),
    changed,
  );
  const align = useLabRedraw(
    alignHost,
    (el) => (alignSvg.current ? setupChart(el, alignSvg.current, 'alignment', viewRef) : null),
    changed,
  );
  useEffect(() => {
    viewRef.current = view;
    angles.request();
    align.request();
  }, [view, angles, align]);
}
