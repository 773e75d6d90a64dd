// The export button in every panel's title row: PNG / SVG of the panel's charts, and the panel's recorded
// data (CSV / JSON) where it has any. A disclosure (button + list of buttons), so Tab, Enter and Escape are
// all it takes; the list is built when it opens, from what the panel shows at that moment.

import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { dataExportsFor, fileStem, type DataExport } from './dataExports';
import { saveFile } from './download';
import { hasCanvas, hasChart, panelPng, panelSvg } from './panelImage';
import './export.css';

interface Item {
  key: string;
  /** Visible text; the accessible name is "Export <panel> as <format>". */
  text: string;
  format: string;
  run(): Promise<void> | void;
}

export function ExportMenu({ name, body }: { name: string; body: RefObject<HTMLElement | null> }) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Item[]>([]);
  const [note, setNote] = useState('');
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Escape closes the menu only; the panel's maximised view stays.
      e.stopImmediatePropagation();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const toggle = () => {
    if (!open) {
      setItems(buildItems(name, body.current));
      setNote('');
    }
    setOpen((o) => !o);
  };

  const choose = async (item: Item) => {
    try {
      setNote('');
      await item.run();
      setOpen(false);
      button.current?.focus();
    } catch (err) {
      setNote(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="export-menu" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-label={`Export ${name}`}
        aria-expanded={open}
        aria-controls={menuId}
        title="Export as an image or data"
        onClick={toggle}
      >
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>
      </button>
      {open && (
        <div className="export-list" id={menuId} role="group" aria-label={`Export ${name}`}>
          {items.length === 0 && <p className="export-empty">Nothing to export yet.</p>}
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              className="export-item"
              aria-label={`Export ${name} as ${item.format}`}
              onClick={() => void choose(item)}
            >
              {item.text}
            </button>
          ))}
          <p className="export-note" role="status">
            {note}
          </p>
        </div>
      )}
    </div>
  );
}

function buildItems(name: string, section: HTMLElement | null): Item[] {
  const body = section?.querySelector<HTMLElement>('.panel-body') ?? null;
  const items: Item[] = [];
  if (body && hasChart(body)) {
    const bitmap = hasCanvas(body);
    items.push(
      {
        key: 'png',
        text: 'PNG image',
        format: 'PNG',
        run: async () => saveFile(`${fileStem(name)}.png`, await panelPng(body, name)),
      },
      {
        key: 'svg',
        text: bitmap ? 'SVG (canvas as embedded bitmap)' : 'SVG image',
        format: 'SVG',
        run: () => saveFile(`${fileStem(name)}.svg`, panelSvg(body, name), 'image/svg+xml'),
      },
    );
  }
  for (const d of dataExportsFor(name)) items.push(dataItem(name, d));
  return items;
}

function dataItem(name: string, d: DataExport): Item {
  return {
    key: d.suffix,
    text: d.label.replace(/^./, (c) => c.toUpperCase()),
    format: d.label,
    run: () => {
      const text = d.build();
      if (text === null) throw new Error('Nothing has been recorded yet.');
      saveFile(`${fileStem(name)}-${d.suffix}`, text, d.type);
    },
  };
}
