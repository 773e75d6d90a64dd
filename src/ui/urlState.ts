// The address bar as the home of the shareable state: read it once on load (hash, and the query keys of
// links made before the hash), then keep the hash in step with the page without adding history entries.
// What the keys mean lives in share/schema.ts; this module only talks to window.location.

import { useArStore, useLabStore } from '../store';
import { currentShareState } from './share/apply';
import { parseShare, serialiseShare, type ParsedShare } from './share/codec';
import { SHARE_PROPS } from './share/schema';
import { useUiStore } from './share/uiStore';

export { VIEWS, type View } from './share/schema';

export function readLocation(): ParsedShare {
  return parseShare(window.location.hash, window.location.search);
}

/** Old links kept the state in the query: once it is in the hash, drop those keys (debug stays). */
function strippedSearch(search: string): string {
  const q = new URLSearchParams(search);
  for (const p of SHARE_PROPS) if (p.shared) q.delete(p.name);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function writeLocation(): void {
  const hash = serialiseShare(currentShareState());
  const search = strippedSearch(window.location.search);
  const { pathname } = window.location;
  if (search !== window.location.search || hash !== window.location.hash)
    window.history.replaceState(null, '', `${pathname}${search}${hash || ''}`);
}

/** Mirror the page into the hash; sliders send many changes, so writes wait for a quiet moment. */
export function startLocationSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(writeLocation, 150);
  };
  const stops = [
    useArStore.subscribe((s, prev) => s.config !== prev.config && later()),
    useLabStore.subscribe((s, prev) => (s.draft !== prev.draft || s.preset !== prev.preset) && later()),
    useUiStore.subscribe((s, prev) => s !== prev && s.problems === prev.problems && later()),
  ];
  // replaceState never fires hashchange, so this is someone editing or pasting a link into the address bar:
  // open it as a link is opened, from scratch, so it reproduces the same run.
  const reopen = () => window.location.reload();
  window.addEventListener('hashchange', reopen);
  writeLocation();
  return () => {
    clearTimeout(timer);
    window.removeEventListener('hashchange', reopen);
    stops.forEach((stop) => stop());
  };
}
