// Every visual constant in one place (colours, type, spacing, chart layout), so panels agree and a theme is
// a swap. CSS reads the same values through custom properties set by applyTheme().

import { interpolatePuOr } from 'd3';
import type { LabCondition } from '../protocol/lab';

/** Okabe–Ito: a categorical palette distinguishable with the common colour-vision deficiencies. */
export const LAYER_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;

export function layerColor(k: number): string {
  return LAYER_COLORS[k % LAYER_COLORS.length];
}

export const theme = {
  color: {
    bg: '#f6f7f9',
    surface: '#ffffff',
    border: '#d9dde3',
    text: '#1b1f24',
    muted: '#5b6470',
    accent: '#0b5cad',
    accentText: '#ffffff',
    accentSoft: '#e6eef8',
    grid: '#e7eaee',
    axis: '#6b7480',
    // Dark enough for 4.5:1 on the pale green of the inspector's "local" badge, too.
    ok: '#17772f',
    warn: '#9a6700',
    danger: '#b42318',
    focus: '#1f6feb',
  },
  font: {
    sans: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
    mono: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
    size: { xs: 12, sm: 13, md: 14, lg: 16, xl: 20 },
  },
  space: { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 },
  radius: 8,
  /** Minimum touch target (px). */
  target: 40,
  chart: {
    height: 340,
    margin: { top: 12, right: 20, bottom: 46, left: 64 },
    lineWidth: 2,
    /** Relative errors below this are drawn at the floor of the log axis (float32 gives ~1e-14). */
    floor: 1e-16,
  },
} as const;

/** The projector theme: black on white, darker accents and grid, larger type, so a washed-out beamer in a
 *  lit room still shows every line. Chart palettes (Okabe–Ito, viridis, PuOr) stay: they are already
 *  colour-blind-safe and every one of them is dark enough on white. */
const CONTRAST = {
  color: {
    ...theme.color,
    bg: '#ffffff',
    border: '#1b1f24',
    text: '#000000',
    muted: '#262b31',
    accent: '#003d80',
    accentSoft: '#d3e2f4',
    grid: '#a3abb5',
    axis: '#000000',
    ok: '#0b5a24',
    warn: '#6b4500',
    danger: '#8c1208',
    focus: '#d55e00',
  },
  fontSize: { xs: 13, sm: 14, md: 15, lg: 17, xl: 22 },
};

export const THEMES = ['light', 'contrast'] as const;
export type ThemeName = (typeof THEMES)[number];
export const THEME_LABELS: Record<ThemeName, string> = {
  light: 'Light',
  contrast: 'High contrast (projector)',
};
const THEME_KEY = 'ar-explorer:theme';

/** The theme chosen on this device (localStorage), light when none or storage is unavailable. */
export function storedTheme(): ThemeName {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return (THEMES as readonly string[]).includes(t ?? '') ? (t as ThemeName) : 'light';
  } catch {
    return 'light';
  }
}

/** Apply a theme and remember it on this device. */
export function chooseTheme(name: ThemeName): void {
  try {
    localStorage.setItem(THEME_KEY, name);
  } catch {
    // Private mode or storage disabled: the theme still applies for this visit.
  }
  applyTheme(document.documentElement, name);
}

/** Publish the theme as CSS custom properties (--color-bg, --space-md, …) on the document root, and its name
 *  as data-theme (for the few rules that differ beyond colours, e.g. a thicker focus ring). */
export function applyTheme(
  root: HTMLElement = document.documentElement,
  name: ThemeName = storedTheme(),
): void {
  const set = (prop: string, value: string) => root.style.setProperty(prop, value);
  const colors = name === 'contrast' ? CONTRAST.color : theme.color;
  const sizes = name === 'contrast' ? CONTRAST.fontSize : theme.font.size;
  for (const [k, v] of Object.entries(colors)) set(`--color-${k}`, v);
  for (const [k, v] of Object.entries(theme.space)) set(`--space-${k}`, `${v}px`);
  for (const [k, v] of Object.entries(sizes)) set(`--font-${k}`, `${v}px`);
  set('--font-sans', theme.font.sans);
  set('--font-mono', theme.font.mono);
  set('--radius', `${theme.radius}px`);
  set('--target', `${theme.target}px`);
  root.dataset.theme = name;
  Object.assign(networkTheme.color, name === 'contrast' ? NETWORK_CONTRAST : NETWORK_LIGHT);
  window.dispatchEvent(new Event(THEME_EVENT));
}

/** Canvas colours of the network view for the light theme… */
const NETWORK_LIGHT = {
  positive: '#b35806',
  negative: '#542788',
  unitOutline: '#8a939e',
  inputFill: '#eceff3',
  inputStroke: '#a7afb9',
  gaugeBar: '#6b7480',
  gaugeTick: '#1b1f24',
  gaugeZero: '#c4cad2',
  traced: '#1b1f24',
  selected: theme.color.focus as string,
  clamp: '#5b6470',
  label: '#1b1f24',
  sublabel: '#5b6470',
  /** Op connectors (conv / pool fans, flatten funnel) and identity links of an add node. */
  connector: '#6b7480',
  identity: '#7d8793',
  mapFrame: '#cfd5dc',
};

/** …and for the projector: black text, darker outlines and connectors (the PuOr values stay). */
const NETWORK_CONTRAST: typeof NETWORK_LIGHT = {
  ...NETWORK_LIGHT,
  unitOutline: '#4a525c',
  inputStroke: '#4a525c',
  gaugeBar: '#262b31',
  gaugeTick: '#000000',
  gaugeZero: '#7d8793',
  traced: '#000000',
  // The legend draws "selected" in the focus colour, which the projector theme makes orange.
  selected: CONTRAST.color.focus,
  clamp: '#262b31',
  label: '#000000',
  sublabel: '#262b31',
  connector: '#262b31',
  identity: '#3b424a',
  mapFrame: '#5b6470',
};

/** Charts listen for this window event to redraw in a newly chosen theme. */
export const THEME_EVENT = 'ar-explorer:theme';

/** Network view: one diverging, colour-blind-safe scale (PuOr) for v and g, sizes of the unit marks and the
 *  compact strips, edge styling. Purple = negative, orange = positive, for values and weights alike. */
export const networkTheme = {
  /** Layers wider than this are drawn as a compact grid of cells. */
  compactAbove: 24,
  /** Most units traced from the network view at once (the oldest drops off). */
  maxTraces: 8,
  /** Fraction of the unit radius filled by v; the ring around it shows g. */
  coreFraction: 0.6,
  unitRadius: { min: 5, max: 11 },
  /** Vertical distance between units in a column (px). */
  pitch: { min: 17, max: 32 },
  gauge: { max: 72, height: 6, tick: 13 },
  /** Cell pitch of the compact strips (px); coarse pointers get bigger cells to tap. Below `min` a cell has
   *  no room for its border (g) around its centre (v), so tall layers switch to v-over-g maps instead. */
  cell: { fine: 9, coarse: 11, gap: 1, min: 6 },
  /** No column taller than this fraction of the canvas width (px, clamped), so a CNN stays on one screen. */
  columnCap: { fraction: 0.42, min: 200, max: 360 },
  /** Feature maps (image-shaped nodes): cell pitch range (px), gap between a channel's v and g maps, between
   *  channels, the room kept on each side of a column for the connectors, and the width of a maps column's
   *  slot relative to the others'. */
  maps: { maxPitch: 6, minPitch: 1, pairGap: 2, tileGap: 6, margin: 7, slotWeight: 1.5 },
  /** Graph nets: room above the marks for skip arcs, and the row of op labels under them. */
  graph: { arcRoom: 30, opRow: 24 },
  header: 50,
  inputWidth: { units: 34, stub: 70 },
  /** Strongest edges drawn per layer pair when a layer is compact. */
  topEdges: 24,
  /** Strongest edges drawn per unit for a hovered, traced or selected unit of a compact layer. */
  unitEdges: 10,
  /** The canvas palette in force (applyTheme swaps it: canvases cannot read CSS custom properties). */
  color: { ...NETWORK_LIGHT },
  edge: { minWidth: 0.35, maxWidth: 2.4, alpha: 0.32, focusAlpha: 0.85, dimAlpha: 0.08, dash: [4, 3] },
} as const;

/** Colour of a value already divided by its scale: −1 purple … 0 near-white … +1 orange (clamped). */
export function divergingColor(t: number): string {
  const x = Number.isFinite(t) ? Math.max(-1, Math.min(1, t)) : 0;
  return DIVERGING_LUT[Math.round(((x + 1) / 2) * (DIVERGING_LUT.length - 1))];
}

// 257 entries so that 0 maps exactly onto the middle colour; canvas fills use these strings directly.
const DIVERGING_LUT: string[] = Array.from({ length: 257 }, (_, i) => interpolatePuOr(i / 256));

/** Step sizes of the η overlay (the paper's Fig. 2 sweep), largest first. */
export const ETA_SWEEP = [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005] as const;

/** Viridis (0 → 0.85, so the lightest stays visible on white): ordered, colour-blind-safe, one per η. */
export const ETA_COLORS = [
  '#440154',
  '#46327e',
  '#375b8d',
  '#277e8e',
  '#1fa188',
  '#48c16e',
  '#9bd93c',
] as const;

export function etaColor(i: number): string {
  return ETA_COLORS[Math.min(Math.max(i, 0), ETA_COLORS.length - 1)];
}

/** Layout and marks of the traces, scatter and convergence extras (kept with the other chart constants). */
export const panelTheme = {
  traces: {
    /** Height of one small multiple (px), axes included. */
    height: 132,
    margin: { top: 8, right: 10, bottom: 22, left: 58 },
    /** Most units traced at once (the protocol allows more; beyond this the multiples get too small). */
    max: 8,
    /** Exact gradient g: dashed, in the text colour so it reads as a reference, not a series. */
    gradient: '#1b1f24',
    gradientDash: '5 3',
    /** Local target: the layer colour, faint. */
    targetOpacity: 0.35,
    cursor: '#6b7480',
  },
  scatter: {
    /** Largest side of the square plot (px). */
    maxSize: 440,
    margin: { top: 12, right: 14, bottom: 44, left: 60 },
    radius: 1.6,
    /** Overlapping points read as density. */
    alpha: 0.55,
    identity: '#5b6470',
    highlight: '#1b1f24',
  },
  conv: {
    /** Line of the measured curve in the η overlay (the envelopes take the η colours). */
    measured: '#1b1f24',
    envelopeDash: '6 4',
    threshold: '#9a6700',
    unstable: '#fbe3e0',
    unstableText: '#b42318',
    inset: { width: 236, height: 132, margin: { top: 22, right: 12, bottom: 30, left: 34 } },
    markerSize: 64,
  },
} as const;

/** Training lab: one colour per condition. Backprop is the near-black reference; the AR variants take the
 *  Okabe–Ito hues (plus Tol's wine for an eighth), so every pair stays distinguishable with the common
 *  colour-vision deficiencies. */
export const CONDITION_COLORS: Record<LabCondition, string> = {
  bp: '#1b1f24',
  ar: '#0072B2',
  'ar-learned': '#009E73',
  'ar-random': '#D55E00',
  'ar-no-fprime': '#CC79A7',
  'ar-learned-no-fprime': '#E69F00',
  'ar-nonfrozen': '#56B4E9',
  'ar-continual': '#882255',
};

/** Backprop is dashed and drawn last, so exact-transport AR (which sits on top of it) shows through the gaps. */
export const CONDITION_DASH: Partial<Record<LabCondition, string>> = { bp: '6 4' };

/** Lab charts and image panels. */
export const labTheme = {
  chart: {
    height: 230,
    margin: { top: 22, right: 16, bottom: 40, left: 58 },
    lineWidth: 1.8,
    /** Faint raw loss behind the smoothed line. */
    rawOpacity: 0.16,
  },
  /** Two classes of the toy sets: the ends of the diverging PuOr scale (class 0 purple, class 1 orange). */
  classColors: ['#542788', '#b35806'] as const,
  /** Heatmap behind the points: the diverging scale at this strength, so the points stay readable. */
  boundaryStrength: 0.45,
  pointRadius: 2.6,
  /** Wrong prediction marks and confusion-matrix ramp (light → dark blue, ordered, colour-blind-safe). */
  wrong: '#b42318',
  confusionLow: '#f4f7fb',
  confusionHigh: '#08306b',
} as const;
