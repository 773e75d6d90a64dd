// App shell: header with the run controls and the view tabs, then the view's panels on a 12-column grid.

import { useState } from 'react';
import { LabView } from './lab/LabView';
import { ConvergencePanel } from './panels/ConvergencePanel';
import { FeatureMapsPanel } from './panels/FeatureMapsPanel';
import { InspectorPanel } from './panels/InspectorPanel';
import { NetworkPanel } from './panels/NetworkPanel';
import { ScatterPanel } from './panels/ScatterPanel';
import { TimelinePanel } from './panels/TimelinePanel';
import { TracesPanel } from './panels/TracesPanel';
import { ExperimentCard } from './ExperimentCard';
import { OptionsControls } from './controls/OptionsControls';
import { RunControls } from './controls/RunControls';
import { SetupControls } from './controls/SetupControls';
import { StatusLine } from './StatusLine';
import { readUrlState, writeUrlState, type View } from './urlState';

const VIEW_LABELS: Record<View, string> = { relax: 'Relaxation', lab: 'Training lab' };

/** Keeps the view in the address, so a link opens the same tab. */
function rememberView(view: View): void {
  const search = writeUrlState({ ...readUrlState(window.location.search), view }, window.location.search);
  window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
}

export function App({ initialView = 'relax' }: { initialView?: View }) {
  const [view, setView] = useState<View>(initialView);
  const choose = (v: View) => {
    setView(v);
    rememberView(v);
  };
  return (
    <div className="app">
      <header className="app-header">
        <div className="title-row">
          <h1>
            AR Explorer{' '}
            <span className="subtitle">
              Activation Relaxation: backprop gradients as the equilibrium of local dynamics
            </span>
          </h1>
          <nav className="view-tabs" role="tablist" aria-label="View">
            {(Object.keys(VIEW_LABELS) as View[]).map((v) => (
              <button
                key={v}
                type="button"
                role="tab"
                id={`tab-${v}`}
                aria-selected={view === v}
                aria-controls="view-panel"
                className={view === v ? 'tab active' : 'tab'}
                onClick={() => choose(v)}
              >
                {VIEW_LABELS[v]}
              </button>
            ))}
          </nav>
        </div>
        <div className="toolbar">
          <RunControls />
          <SetupControls />
        </div>
        <div className="toolbar">
          <OptionsControls />
        </div>
        <StatusLine />
      </header>
      {view === 'relax' ? (
        <main className="content" id="view-panel" role="tabpanel" aria-labelledby="tab-relax">
          <TimelinePanel />
          <NetworkPanel />
          <InspectorPanel />
          <ConvergencePanel />
          <FeatureMapsPanel />
          <ScatterPanel />
          <TracesPanel />
          <ExperimentCard />
        </main>
      ) : (
        <main className="content" id="view-panel" role="tabpanel" aria-labelledby="tab-lab">
          <LabView />
        </main>
      )}
    </div>
  );
}
