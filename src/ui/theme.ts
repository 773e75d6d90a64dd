// Every visual constant in one place (colours, type, spacing, chart layout), so panels agree and a theme is
// a swap. CSS reads the same values through custom properties set by applyTheme().

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
    ok: '#1a7f37',
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

/** Publish the theme as CSS custom properties (--color-bg, --space-md, …) on the document root. */
export function applyTheme(root: HTMLElement = document.documentElement): void {
  const set = (name: string, value: string) => root.style.setProperty(name, value);
  for (const [k, v] of Object.entries(theme.color)) set(`--color-${k}`, v);
  for (const [k, v] of Object.entries(theme.space)) set(`--space-${k}`, `${v}px`);
  for (const [k, v] of Object.entries(theme.font.size)) set(`--font-${k}`, `${v}px`);
  set('--font-sans', theme.font.sans);
  set('--font-mono', theme.font.mono);
  set('--radius', `${theme.radius}px`);
  set('--target', `${theme.target}px`);
}
