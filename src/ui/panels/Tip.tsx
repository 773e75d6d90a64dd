// A label that explains itself on hover, on keyboard activation, and on tap: native title tooltips never
// appear on touch screens. Screen readers get the text as the trigger's description.

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

interface TipProps {
  /** The explanation. */
  text: ReactNode;
  /** The visible label (becomes a button). */
  children: ReactNode;
  /** Which edge of the trigger the bubble lines up with: 'end' for right-aligned columns. */
  align?: 'start' | 'end';
}

export function Tip({ text, children, align = 'start' }: TipProps) {
  const [hover, setHover] = useState(false);
  const [pinned, setPinned] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!pinned) return;
    const away = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setPinned(false);
    };
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setPinned(false);
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [pinned]);

  const open = hover || pinned;
  return (
    <span
      ref={ref}
      className={`conv-tip conv-tip-${align}`}
      onPointerEnter={(e) => e.pointerType === 'mouse' && setHover(true)}
      onPointerLeave={(e) => e.pointerType === 'mouse' && setHover(false)}
    >
      <button
        type="button"
        className="conv-tip-btn"
        aria-describedby={id}
        aria-expanded={open}
        onClick={() => setPinned((p) => !p)}
      >
        {children}
      </button>
      <span role="tooltip" id={id} className="conv-tip-pop" hidden={!open}>
        {text}
      </span>
    </span>
  );
}
