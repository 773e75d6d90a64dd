// Global keyboard shortcuts (Space play/pause, → one step, R reset, ? help) and their help dialog. The keys
// never fire while the user types in a field or a select, and a key that means something to the focused
// control (Space on a button, arrows on a slider) is left to that control.

import { useEffect, useRef } from 'react';
import { useArStore } from '../store';
import { useUiStore } from './share/uiStore';
import { useClient } from './clientContext';
import './shortcuts.css';

export const SHORTCUTS = [
  { keys: ['Space'], action: 'Play / pause the relaxation' },
  { keys: ['→'], action: 'Take one relaxation step (while paused)' },
  { keys: ['R'], action: 'Reset to step 0 on the same batch' },
  { keys: ['?'], action: 'Show this list of shortcuts' },
  {
    keys: ['←', '→', 'Home', 'End'],
    action: 'On the timeline slider: previous / next recorded step, first / last',
  },
  { keys: ['Esc'], action: 'Close this dialog, or leave a maximised panel' },
] as const;

const NON_TEXT_INPUTS = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file']);
const SPACE_ROLES = new Set(['button', 'switch', 'checkbox', 'radio', 'tab', 'menuitem', 'option', 'link']);
const ARROW_ROLES = new Set([
  'slider',
  'radiogroup',
  'tablist',
  'listbox',
  'menu',
  'menubar',
  'tree',
  'grid',
]);

/** The user is typing: every shortcut stays out of the way. */
export function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type);
  return (
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el as HTMLElement).isContentEditable
  );
}

/** The focused control has its own use for the key. */
function ownsKey(el: Element | null, key: string): boolean {
  if (!el) return false;
  const role = el.getAttribute('role') ?? '';
  const input = el instanceof HTMLInputElement ? el.type : '';
  if (key === ' ')
    return (
      el instanceof HTMLButtonElement ||
      el.tagName === 'SUMMARY' ||
      (el instanceof HTMLAnchorElement && el.hasAttribute('href')) ||
      ['checkbox', 'radio', 'button', 'submit', 'reset'].includes(input) ||
      SPACE_ROLES.has(role)
    );
  return (input === 'range' || input === 'radio' || ARROW_ROLES.has(role)) && key.startsWith('Arrow');
}

interface ShortcutsProps {
  helpOpen: boolean;
  onHelp(open: boolean): void;
}

/** Installs the shortcuts and renders the help dialog (a native modal <dialog>: focus moves into it, Esc
 *  closes it, and focus returns to where it was). */
export function Shortcuts({ helpOpen, onHelp }: ShortcutsProps) {
  const client = useClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (dialog.current?.open) return;
      const target = e.target instanceof Element ? e.target : null;
      if (isTyping(target) || ownsKey(target, e.key)) return;
      // A classroom link that locks the run controls locks their keys too (help still opens).
      if (e.key !== '?' && useUiStore.getState().lock.includes('run')) return;
      const s = useArStore.getState();
      const state = s.run.state;
      const running = state === 'running';
      const idle = s.net !== null && state !== 'starting' && state !== 'loading';
      let handled = true;
      if (e.key === ' ' && running) client.pause();
      else if (e.key === ' ' && idle) client.play();
      else if (e.key === 'ArrowRight' && idle && !running) client.step(1);
      else if ((e.key === 'r' || e.key === 'R') && idle) client.reset();
      else if (e.key === '?') onHelp(true);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, onHelp]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (helpOpen && !d.open) {
      returnFocus.current = document.activeElement;
      d.showModal();
    } else if (!helpOpen && d.open) d.close();
  }, [helpOpen]);

  const onClose = () => {
    onHelp(false);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };

  return (
    <dialog
      ref={dialog}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      // A click on the backdrop (the dialog element itself, outside its content) closes it.
      onClick={(e) => e.target === dialog.current && dialog.current?.close()}
    >
      <div className="shortcuts-body">
        <div className="shortcuts-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>
            Close
          </button>
        </div>
        <p className="muted small">They do nothing while you type in a field or a menu.</p>
        <table className="shortcuts-table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
