// Composition root: read the link (hash, or an old link's query), create the worker client, expose test
// hooks under debug, mount React, and keep the address in step with the page.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CNN_LAB, PAPER_LAB, SPIRAL_LAB, type LabConfig } from './protocol';
import { useArStore, useLabStore } from './store';
import { App } from './ui/App';
import { ClientContext } from './ui/clientContext';
import { lessonStepState } from './ui/lessons/lessons';
import { applyInitialState, startInitialRun } from './ui/share/apply';
import type { ShareState } from './ui/share/schema';
import { useUiStore } from './ui/share/uiStore';
import { applyTheme } from './ui/theme';
import { readLocation, startLocationSync } from './ui/urlState';
import { registerServiceWorker } from './sw/register';
import { ArClient } from './worker/client';
import './ui/styles.css';

declare global {
  interface Window {
    __AR_STORE__?: Pick<typeof useArStore, 'getState' | 'subscribe'>;
    __AR_DEBUG__?: { fault: ArClient['fault']; client: ArClient };
    __AR_LAB_STORE__?: typeof useLabStore;
    __AR_LAB_PRESETS__?: { PAPER: LabConfig; SPIRAL: LabConfig; CNN: LabConfig };
    __AR_UI_STORE__?: typeof useUiStore;
  }
}

applyTheme();
const { state: fromLink, problems } = readLocation();
// A lesson step sets up its experiment; what the link says beyond that (a classroom lock…) still holds.
const stepState = fromLink.lesson ? lessonStepState(fromLink.lesson, fromLink.lessonStep) : null;
if (fromLink.lesson && !stepState)
  problems.push(`lesson=${fromLink.lesson}, step ${fromLink.lessonStep + 1} (unknown)`);
const link: ShareState = stepState
  ? { ...fromLink, ...stepState }
  : { ...fromLink, lesson: null, lessonStep: 0 };
applyInitialState(link);
useUiStore.getState().set({ problems });

const client = new ArClient({ store: useArStore, lab: useLabStore, debug: link.debug });
client.start();
startInitialRun(client, link);
startLocationSync();

if (link.debug) {
  // Read-only view for e2e tests (read and watch, never set); fault injection only exists here.
  window.__AR_STORE__ = { getState: useArStore.getState, subscribe: useArStore.subscribe };
  window.__AR_DEBUG__ = { fault: (kind) => client.fault(kind), client };
  window.__AR_LAB_STORE__ = useLabStore;
  window.__AR_LAB_PRESETS__ = { PAPER: PAPER_LAB, SPIRAL: SPIRAL_LAB, CNN: CNN_LAB };
  window.__AR_UI_STORE__ = useUiStore;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);

// Offline after the first visit; never in `npm run dev` (a cached dev server would serve stale modules).
if (import.meta.env.PROD) registerServiceWorker();
