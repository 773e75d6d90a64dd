// Composition root: read the URL, create the worker client, expose test hooks under ?debug, mount React.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PAPER_LAB, PRESET_INFO, SPIRAL_LAB, type LabConfig } from './protocol';
import { useArStore, useLabStore } from './store';
import { App } from './ui/App';
import { ClientContext } from './ui/clientContext';
import { applyTheme } from './ui/theme';
import { readUrlState, writeUrlState, type UrlState } from './ui/urlState';
import { ArClient } from './worker/client';
import './ui/styles.css';

declare global {
  interface Window {
    __AR_STORE__?: { getState: () => ReturnType<typeof useArStore.getState> };
    __AR_DEBUG__?: { fault: ArClient['fault']; client: ArClient };
    __AR_LAB_STORE__?: typeof useLabStore;
    __AR_LAB_PRESETS__?: { PAPER: LabConfig; SPIRAL: LabConfig };
  }
}

applyTheme();
const url = readUrlState(window.location.search);
const store = useArStore.getState();
store.setConfig({
  preset: url.preset,
  data: PRESET_INFO[url.preset].defaultData,
  seed: url.seed,
  backend: url.backend,
});
store.setOptions({
  eta: url.eta,
  speed: url.speed,
  schedule: url.schedule,
  feedback: url.feedback,
  fprime: url.fprime,
  frozen: url.frozen,
});

const client = new ArClient({ store: useArStore, lab: useLabStore, debug: url.debug });
client.start();

// Keep the address shareable: mirror the config into the query string (without adding history entries).
useArStore.subscribe((s, prev) => {
  if (s.config === prev.config) return;
  const { preset, seed, backend, options: o } = s.config;
  const next: UrlState = {
    ...url,
    preset,
    seed,
    backend,
    eta: o.eta,
    speed: o.speed,
    schedule: o.schedule,
    feedback: o.feedback,
    fprime: o.fprime,
    frozen: o.frozen,
  };
  const search = writeUrlState(next, window.location.search);
  if (search !== window.location.search)
    window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
});

if (url.debug) {
  // Read-only view for e2e tests; fault injection only exists here.
  window.__AR_STORE__ = { getState: () => useArStore.getState() };
  window.__AR_DEBUG__ = { fault: (kind) => client.fault(kind), client };
  window.__AR_LAB_STORE__ = useLabStore;
  window.__AR_LAB_PRESETS__ = { PAPER: PAPER_LAB, SPIRAL: SPIRAL_LAB };
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App initialView={url.view} />
    </ClientContext.Provider>
  </StrictMode>,
);
