// The frame every panel shares: a named region (screen readers and tests find panels by it), a title,
// and export / collapse / maximise buttons. Escape leaves the maximised view.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { usePanelCollapsed } from './share/uiStore';
import { ExportMenu } from './export/ExportMenu';

interface PanelProps {
  /** Region name, e.g. "Network"; also names the buttons ("Collapse Network"). */
  name: string;
  title: ReactNode;
  subtitle?: ReactNode;
  /** Extra controls in the title row (selects, toggles). */
  actions?: ReactNode;
  /** Grid width class: 'wide' (2/3), 'half', 'narrow' (1/3) or 'full'. */
  span?: 'wide' | 'half' | 'narrow' | 'full';
  children: ReactNode;
}

export function Panel({ name, title, subtitle, actions, span = 'half', children }: PanelProps) {
  // Collapsed and hidden live in the page's store, so a link can set them (share/uiStore.ts).
  const { collapsed, hidden, toggle: toggleCollapsed } = usePanelCollapsed(name);
  const [maximised, setMaximised] = useState(false);
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!maximised) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMaximised(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [maximised]);

  if (hidden) return null;
  return (
    <section ref={section} className={`panel span-${span}${maximised ? ' panel-max' : ''}`} aria-label={name}>
      <header className="panel-head">
        <div className="panel-title-row">
          <h2>{title}</h2>
          <div className="panel-actions">
            {actions}
            <ExportMenu name={name} body={section} />
            <button
              type="button"
              className="icon-button"
              aria-expanded={!collapsed}
              aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${name}`}
              title={collapsed ? 'Expand' : 'Collapse'}
              onClick={toggleCollapsed}
            >
              <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path
                  d={collapsed ? 'M4 6l4 4 4-4' : 'M4 10l4-4 4 4'}
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                />
              </svg>
            </button>
            <button
              type="button"
              className="icon-button"
              aria-pressed={maximised}
              aria-label={`${maximised ? 'Restore' : 'Maximise'} ${name}`}
              title={maximised ? 'Restore (Esc)' : 'Maximise'}
              onClick={() => setMaximised((m) => !m)}
            >
              <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path
                  d={
                    maximised
                      ? 'M6 2v4H2M10 2v4h4M6 14v-4H2M10 14v-4h4'
                      : 'M2 6V2h4M14 6V2h-4M2 10v4h4M14 10v4h-4'
                  }
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="1.8"
                />
              </svg>
            </button>
          </div>
        </div>
        {subtitle && <p className="panel-sub">{subtitle}</p>}
      </header>
      {!collapsed && <div className="panel-body">{children}</div>}
    </section>
  );
}
