// The classroom link builder: a teacher ticks the panels and controls to hide and the parameters to lock,
// optionally asks for embed mode (panels only, for slides), and copies the link. The link starts from what
// is on screen now, so set the experiment up first.

import { useEffect, useMemo, useRef, useState } from 'react';
import { currentShareState, linkFor } from './apply';
import { CONTROL_IDS, CONTROLS, LOCKABLE, PANEL_IDS, PANELS, type ControlId, type PanelId } from './schema';
import { copyText } from './ShareButton';

function toggled<T>(list: T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
}

function Tick({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="builder-tick">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

function BuilderDialog({ onClose }: { onClose: () => void }) {
  const start = useMemo(() => currentShareState(), []);
  const [hide, setHide] = useState<(PanelId | ControlId)[]>(start.hide);
  const [lock, setLock] = useState<ControlId[]>(start.lock);
  const [embed, setEmbed] = useState(start.embed);
  const [said, setSaid] = useState('');
  const dialog = useRef<HTMLDivElement>(null);
  const link = linkFor({ ...start, hide, lock, embed });

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('input')?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="builder-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialog} className="builder" role="dialog" aria-modal="true" aria-label="Classroom link">
        <h2>Classroom link</h2>
        <p className="builder-intro">
          The link opens the experiment as it is now. Hidden parts do not appear; locked controls are shown
          but cannot be changed.
        </p>
        <div className="builder-cols">
          <fieldset>
            <legend>Hide panels</legend>
            {PANEL_IDS.map((id) => (
              <Tick
                key={id}
                label={PANELS[id]}
                checked={hide.includes(id)}
                onChange={(on) => setHide((h) => toggled(h, id, on))}
              />
            ))}
          </fieldset>
          <fieldset>
            <legend>Hide controls</legend>
            {CONTROL_IDS.map((id) => (
              <Tick
                key={id}
                label={CONTROLS[id]}
                checked={hide.includes(id)}
                onChange={(on) => setHide((h) => toggled(h, id, on))}
              />
            ))}
          </fieldset>
          <fieldset>
            <legend>Lock parameters</legend>
            {LOCKABLE.map((id) => (
              <Tick
                key={id}
                label={`Lock ${CONTROLS[id]}`}
                checked={lock.includes(id)}
                onChange={(on) => setLock((l) => toggled(l, id, on))}
              />
            ))}
          </fieldset>
        </div>
        <label className="toggle builder-embed">
          <input type="checkbox" role="switch" checked={embed} onChange={(e) => setEmbed(e.target.checked)} />
          <span className="track" aria-hidden="true" />
          <span>Embed mode (panels only, no header: for slides)</span>
        </label>
        <div className="builder-link">
          <input readOnly aria-label="Resulting link" value={link} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="btn primary"
            onClick={() =>
              void copyText(link).then((ok) => setSaid(ok ? 'Link copied' : 'Select the link and copy it'))
            }
          >
            Copy link
          </button>
          <span role="status">{said}</span>
        </div>
        <div className="builder-actions">
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

export function LinkBuilder() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        title="Build a link for a class: hide panels or controls, lock parameters, embed in slides"
      >
        Classroom link
      </button>
      {open && <BuilderDialog onClose={() => setOpen(false)} />}
    </>
  );
}
