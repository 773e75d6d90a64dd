// A read-out that follows the pointer over a chart: on hover with a mouse, on tap or drag with a finger
// (touch has no hover, so a tap shows it and a tap elsewhere hides it). Hidden from assistive tech: every
// number it shows is also in the panel's tables.

export interface TipRow {
  color?: string;
  /** Dashed swatch (reference lines), else solid. */
  dashed?: boolean;
  label: string;
  value: string;
}

export interface PointerHandlers {
  /** Pointer at (x, y) in the host's coordinates, over `target`; return rows to show, or null to hide. */
  move: (x: number, y: number, target: Element | null) => { title: string; rows: TipRow[] } | null;
  leave?: () => void;
  /** A click or tap (after move has run). */
  tap?: (x: number, y: number) => void;
}

/** Attach the tooltip to `surface`; it is positioned inside `host` (which must be position: relative). */
export function attachChartTooltip(host: HTMLElement, surface: Element, h: PointerHandlers): () => void {
  const tip = document.createElement('div');
  tip.className = 'conv-charttip';
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  host.appendChild(tip);

  const local = (e: PointerEvent) => {
    const r = host.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const hide = () => {
    tip.hidden = true;
    h.leave?.();
  };
  const show = (e: PointerEvent) => {
    const [x, y] = local(e);
    const content = h.move(x, y, e.target instanceof Element ? e.target : null);
    if (!content) return hide();
    tip.replaceChildren(line('conv-charttip-title', content.title), ...content.rows.map(row));
    tip.hidden = false;
    // Beside the pointer, flipped to the other side near the right edge, kept inside the host.
    const w = tip.offsetWidth;
    const hh = tip.offsetHeight;
    const left = x + 14 + w > host.clientWidth ? x - 14 - w : x + 14;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${Math.min(Math.max(0, y - hh / 2), Math.max(0, host.clientHeight - hh))}px`;
  };
  const onLeave = (e: PointerEvent) => {
    if (e.pointerType === 'mouse') hide();
  };
  const onDown = (e: PointerEvent) => show(e);
  const onClick = (e: Event) => {
    const [x, y] = local(e as PointerEvent);
    h.tap?.(x, y);
  };
  const onAway = (e: PointerEvent) => {
    if (!tip.hidden && !surface.contains(e.target as Node)) hide();
  };
  surface.addEventListener('pointermove', show as EventListener);
  surface.addEventListener('pointerdown', onDown as EventListener);
  surface.addEventListener('pointerleave', onLeave as EventListener);
  surface.addEventListener('click', onClick);
  document.addEventListener('pointerdown', onAway);
  return () => {
    surface.removeEventListener('pointermove', show as EventListener);
    surface.removeEventListener('pointerdown', onDown as EventListener);
    surface.removeEventListener('pointerleave', onLeave as EventListener);
    surface.removeEventListener('click', onClick);
    document.removeEventListener('pointerdown', onAway);
    tip.remove();
  };
}

function line(cls: string, text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = cls;
  el.textContent = text;
  return el;
}

function row(r: TipRow): HTMLElement {
  const el = document.createElement('div');
  el.className = 'conv-charttip-row';
  const sw = document.createElement('span');
  sw.className = `conv-charttip-swatch${r.dashed ? ' dashed' : ''}`;
  if (r.color) sw.style.setProperty('--c', r.color);
  const label = document.createElement('span');
  label.textContent = r.label;
  const value = document.createElement('span');
  value.className = 'num';
  value.textContent = r.value;
  el.append(sw, label, value);
  return el;
}
