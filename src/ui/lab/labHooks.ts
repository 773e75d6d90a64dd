// The lab's useFrameSelector and useRedraw: the shared once-per-frame scheduling, subscribed to the lab
// store. Progress events arrive at up to ~30 Hz with several batch records each.

import type { RefObject } from 'react';
import { useLabStore, type LabStoreState } from '../../store/labStore';
import { useStoreRedraw, type Chart, type RedrawSource } from '../panels/useRedraw';
import { shallowEqual, useStoreFrameSelector } from '../useFrameSelector';

const LAB: RedrawSource<LabStoreState> = {
  store: useLabStore,
  running: (s) => s.state === 'running',
  // Off-screen lab charts redraw at most this often while training runs.
  offscreenMs: 750,
};

/** Like useFrameSelector, on the lab store. Selectors must be stable (module-level) functions. */
export function useLabFrame<T>(
  selector: (s: LabStoreState) => T,
  isEqual: (a: T, b: T) => boolean = shallowEqual,
): T {
  return useStoreFrameSelector(useLabStore, selector, isEqual);
}

export type LabChart = Chart;

/** useRedraw on the lab store: one draw per frame at most, off-screen charts a few times a second. */
export function useLabRedraw(
  container: RefObject<HTMLElement | null>,
  setup: (el: HTMLElement) => LabChart | null,
  changed: (s: LabStoreState, prev: LabStoreState) => boolean,
): { request(): void } {
  return useStoreRedraw(LAB, container, setup, changed);
}

/** Canvas sized to `cssW × cssH` CSS pixels at the screen's density; returns its 2-D context. */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  cssW: number,
  cssH: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssW * dpr));
  const h = Math.max(1, Math.round(cssH * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
