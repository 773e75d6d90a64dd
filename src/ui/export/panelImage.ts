// A panel's charts as one image: every chart <svg> (D3) and <canvas> in the panel body, placed where they are
// on screen, under the panel's title. SVG output nests each chart's SVG (computed styles inlined, since the
// page's stylesheet does not travel with the file) and embeds each canvas as a PNG bitmap <image>; PNG
// output draws the same pieces onto one canvas at twice the CSS resolution.

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Presentation properties that the app's stylesheet sets on chart marks. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;
const TITLE_HEIGHT = 28;
const PAD = 8;
/** Smaller SVGs are icons and swatches (buttons, legends), not charts. */
const MIN_CHART = 48;

interface Piece {
  el: SVGSVGElement | HTMLCanvasElement;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Layout {
  pieces: Piece[];
  width: number;
  height: number;
}

function isChartSvg(el: SVGSVGElement): boolean {
  if (el.parentElement?.closest('svg, button')) return false;
  const r = el.getBoundingClientRect();
  return r.width >= MIN_CHART && r.height >= MIN_CHART;
}

function layout(body: HTMLElement): Layout {
  const els = [
    ...Array.from(body.querySelectorAll('svg')).filter(isChartSvg),
    ...Array.from(body.querySelectorAll('canvas')),
  ];
  const boxes = els
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && r.height > 0);
  if (boxes.length === 0) return { pieces: [], width: 0, height: 0 };
  const left = Math.min(...boxes.map((b) => b.r.left));
  const top = Math.min(...boxes.map((b) => b.r.top));
  const pieces = boxes.map(({ el, r }) => ({
    el,
    x: PAD + r.left - left,
    y: TITLE_HEIGHT + r.top - top,
    width: r.width,
    height: r.height,
  }));
  return {
    pieces,
    width: Math.ceil(Math.max(...pieces.map((p) => p.x + p.width)) + PAD),
    height: Math.ceil(Math.max(...pieces.map((p) => p.y + p.height)) + PAD),
  };
}

/** Whether the panel shows anything that can be exported as an image. */
export function hasChart(body: HTMLElement): boolean {
  return layout(body).pieces.length > 0;
}

export function hasCanvas(body: HTMLElement): boolean {
  return body.querySelector('canvas') !== null;
}

/** A standalone copy of an SVG: computed styles inlined, size fixed, namespace set. */
function standaloneSvg(svg: SVGSVGElement, width: number, height: number): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const to = [copy, ...Array.from(copy.querySelectorAll('*'))];
  from.forEach((src, i) => {
    const cs = getComputedStyle(src);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    to[i].setAttribute('style', style);
  });
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  if (!copy.getAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return copy;
}

function colors(): { bg: string; text: string; font: string } {
  const cs = getComputedStyle(document.documentElement);
  return {
    bg: cs.getPropertyValue('--color-surface').trim() || '#ffffff',
    text: cs.getPropertyValue('--color-text').trim() || '#000000',
    font: cs.getPropertyValue('--font-sans').trim() || 'sans-serif',
  };
}

/** The panel's charts as SVG text (canvases embedded as PNG bitmaps). */
export function panelSvg(body: HTMLElement, title: string): string {
  const { pieces, width, height } = layout(body);
  const { bg, text, font } = colors();
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const rect = document.createElementNS(SVG_NS, 'rect');
  Object.entries({ width: '100%', height: '100%', fill: bg }).forEach(([k, v]) => rect.setAttribute(k, v));
  const label = document.createElementNS(SVG_NS, 'text');
  Object.entries({
    x: String(PAD),
    y: '19',
    fill: text,
    'font-family': font,
    'font-size': '15',
    'font-weight': '600',
  }).forEach(([k, v]) => label.setAttribute(k, v));
  label.textContent = title;
  const titleEl = document.createElementNS(SVG_NS, 'title');
  titleEl.textContent = title;
  root.append(titleEl, rect, label);
  for (const p of pieces) {
    if (p.el instanceof HTMLCanvasElement) {
      const img = document.createElementNS(SVG_NS, 'image');
      const attrs = { x: p.x, y: p.y, width: p.width, height: p.height, href: p.el.toDataURL('image/png') };
      Object.entries(attrs).forEach(([k, v]) => img.setAttribute(k, String(v)));
      root.append(img);
    } else {
      const svg = standaloneSvg(p.el, p.width, p.height);
      svg.setAttribute('x', String(p.x));
      svg.setAttribute('y', String(p.y));
      root.append(svg);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('a chart could not be rendered as an image'));
    img.src = src;
  });
}

/** The panel's charts as a PNG (2× the CSS pixels, so it stays sharp on a projector). */
export async function panelPng(body: HTMLElement, title: string, scale = 2): Promise<Blob> {
  const { pieces, width, height } = layout(body);
  const { bg, text, font } = colors();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = text;
  ctx.font = `600 15px ${font}`;
  ctx.fillText(title, PAD, 19);
  for (const p of pieces) {
    if (p.el instanceof HTMLCanvasElement) {
      ctx.drawImage(p.el, p.x, p.y, p.width, p.height);
      continue;
    }
    const xml = new XMLSerializer().serializeToString(standaloneSvg(p.el, p.width, p.height));
    const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml' }));
    try {
      ctx.drawImage(await loadImage(url), p.x, p.y, p.width, p.height);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
}
