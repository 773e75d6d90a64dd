// Timeline: scrub through the recorded states of the run. Dragging (mouse or touch) or the keys on the slider
// set the store's viewStep, and every panel that reads selectViewValues shows the recorded state at that
// step — nothing is recomputed. "Live" follows the run again. Also hosts the global keyboard shortcuts.

import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { HUMAN_SPEED } from '../../protocol';
import { selectViewValues, useArStore, type ArState } from '../../store';
import { dataValue, integer } from '../format';
import { Panel } from '../Panel';
import { Shortcuts } from '../Shortcuts';
import { useFrameSelector } from '../useFrameSelector';
import { TIMELINE, useTimelineAxis } from './useTimelineAxis';
import './timeline.css';

const selectTimeline = (s: ArState) => {
  const first = s.history.first()?.step ?? 0;
  const last = Math.max(s.history.last()?.step ?? 0, s.run.step);
  return {
    ready: s.net !== null,
    first,
    max: Math.max(last, first + 1),
    count: s.history.length,
    shown: selectViewValues(s).step,
    viewStep: s.viewStep,
    liveStep: s.run.step,
    running: s.run.state === 'running',
  };
};

/** Keys on the slider move between recorded states (which may be thinned at high speed). */
const KEY_MOVES: Record<string, number> = {
  ArrowRight: 1,
  ArrowUp: 1,
  ArrowLeft: -1,
  ArrowDown: -1,
  PageUp: 10,
  PageDown: -10,
  Home: -Infinity,
  End: Infinity,
};

export function TimelinePanel() {
  const t = useFrameSelector(selectTimeline);
  const setViewStep = useArStore((s) => s.setViewStep);
  const [helpOpen, setHelpOpen] = useState(false);
  const onHelp = useCallback((open: boolean) => setHelpOpen(open), []);
  const axisBox = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  useTimelineAxis(axisBox, svg);
  const live = t.viewStep === null;

  const scrubTo = (raw: number) => {
    const step = useArStore.getState().history.nearest(raw);
    if (step !== null) setViewStep(step);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const by = KEY_MOVES[e.key];
    if (by === undefined) return;
    e.preventDefault();
    const { history, viewStep } = useArStore.getState();
    const from = viewStep ?? selectViewValues(useArStore.getState()).step;
    const step = history.offset(from, by);
    if (step !== null) setViewStep(step);
  };

  const helpButton = (
    <button
      type="button"
      className="btn small-btn"
      onClick={() => setHelpOpen(true)}
      aria-haspopup="dialog"
      title="Keyboard shortcuts (?)"
    >
      Shortcuts <kbd aria-hidden="true">?</kbd>
    </button>
  );

  return (
    <>
      <Panel
        name="Timeline"
        title="Timeline"
        span="full"
        actions={helpButton}
        subtitle={
          <>
            Drag to revisit any recorded step: every panel then shows the state recorded at that step (step 0
            is the initial state). Every step is recorded at up to {HUMAN_SPEED} steps/s and for Step ×1 –
            ×100; faster runs keep a thinned record.
          </>
        }
      >
        <div className="timeline">
          <button
            type="button"
            className={`btn timeline-live-btn${live ? ' on' : ''}`}
            aria-pressed={live}
            onClick={() => setViewStep(null)}
            title={
              live
                ? 'Following the run: panels show the newest state'
                : 'Return to the newest state and follow the run'
            }
          >
            <span className={`live-dot${live && t.running ? ' pulsing' : ''}`} aria-hidden="true" />
            Live
          </button>
          <div
            className="timeline-track"
            ref={axisBox}
            style={{ ['--timeline-thumb' as string]: `${TIMELINE.thumb}px` }}
          >
            <input
              type="range"
              className="timeline-slider"
              aria-label="Timeline position (relaxation step shown)"
              aria-valuetext={`Step ${t.shown}${live ? ' (live)' : ''}`}
              min={t.first}
              max={t.max}
              step={1}
              value={t.shown}
              disabled={!t.ready}
              onChange={(e) => scrubTo(Number(e.target.value))}
              onKeyDown={onKeyDown}
              data-testid="timeline-slider"
            />
            <svg ref={svg} className="timeline-axis" aria-hidden="true" />
          </div>
          <dl className="timeline-readout">
            <div title="The step whose recorded state the panels show">
              <dt>Showing step</dt>
              <dd className="num" data-testid="timeline-view-step" data-value={dataValue(t.shown)}>
                {integer(t.shown)}
              </dd>
            </div>
            <div title="The newest step of the run (the step counter)">
              <dt>Live step</dt>
              <dd className="num" data-testid="timeline-live-step" data-value={dataValue(t.liveStep)}>
                {integer(t.liveStep)}
              </dd>
            </div>
            <div title="Full states held for scrubbing (a memory budget thins the oldest on long runs)">
              <dt>Recorded</dt>
              <dd className="num" data-testid="timeline-count" data-value={dataValue(t.count)}>
                {integer(t.count)} <span className="unit">states</span>
              </dd>
            </div>
          </dl>
        </div>
        <p className={`timeline-note${live ? '' : ' past'}`}>
          {live
            ? 'Live: the panels follow the run.'
            : `Showing the recorded state at step ${integer(t.shown)}; press Live to follow the run.`}
        </p>
      </Panel>
      <Shortcuts helpOpen={helpOpen} onHelp={onHelp} />
    </>
  );
}
