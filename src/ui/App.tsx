// App shell: header with the run controls, the timeline, then the panels on a 12-column grid.

import { ConvergencePanel } from './panels/ConvergencePanel';
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

export function App() {
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
      <main className="content">
        <TimelinePanel />
        <NetworkPanel />
        <InspectorPanel />
        <ConvergencePanel />
        <ScatterPanel />
        <TracesPanel />
        <ExperimentCard />
      </main>
    </div>
  );
}
