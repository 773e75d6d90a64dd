// App shell: header with the run controls and the view tabs, then the view's panels on a 12-column grid,
// the lesson drawer beside them; a classroom link can hide parts of the header or all of it (embed mode).

import { lazy, Suspense, type ReactNode } from 'react';
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
import { LessonButton } from './lessons/LessonButton';
import { LinkBuilder } from './share/LinkBuilder';
import { LinkNotice } from './share/LinkNotice';
import { PresetsMenu } from './share/PresetsMenu';
import { ShareButton } from './share/ShareButton';
import { useControl, useUiStore } from './share/uiStore';
import type { View } from './urlState';
import './share/share.css';

// The lesson drawer brings KaTeX and its fonts: loaded only once a lesson is opened.
const LessonDrawer = lazy(() => import('./lessons/LessonDrawer'));

const VIEW_LABELS: Record<View, string> = { relax: 'Relaxation', lab: 'Training lab' };

/** A header part a classroom link can hide. */
function Hideable({ id, children }: { id: Parameters<typeof useControl>[0]; children: ReactNode }) {
  return useControl(id).hidden ? null : children;
}

export function App() {
  const view = useUiStore((s) => s.view);
  const embed = useUiStore((s) => s.embed);
  const lesson = useUiStore((s) => s.lesson);
  const set = useUiStore((s) => s.set);
  const tabs = useControl('tabs');
  const choose = (v: View) => set({ view: v });
  return (
    <div className={embed ? 'app embed' : 'app'}>
      {!embed && (
        <header className="app-header">
          <div className="title-row">
            <h1>
              AR Explorer{' '}
              <span className="subtitle">
                Activation Relaxation: backprop gradients as the equilibrium of local dynamics
              </span>
            </h1>
            <div className="header-actions">
              <PresetsMenu />
              <LessonButton />
              <Hideable id="share">
                <ShareButton />
              </Hideable>
              <LinkBuilder />
            </div>
            {!tabs.hidden && (
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
                    disabled={tabs.locked}
                    title={tabs.locked ? 'Locked by your teacher' : undefined}
                    onClick={() => choose(v)}
                  >
                    {VIEW_LABELS[v]}
                  </button>
                ))}
              </nav>
            )}
          </div>
          <div className="toolbar">
            <Hideable id="run">
              <RunControls />
            </Hideable>
            <SetupControls />
          </div>
          <div className="toolbar">
            <OptionsControls />
          </div>
          <StatusLine />
        </header>
      )}
      <LinkNotice />
      <div className={lesson ? 'with-lesson' : undefined}>
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
        {lesson && (
          <Suspense fallback={null}>
            <LessonDrawer />
          </Suspense>
        )}
      </div>
    </div>
  );
}
