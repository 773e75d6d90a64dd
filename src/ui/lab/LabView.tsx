// The training lab: controls and progress, the learning curves and gradient fidelity, then the data set's
// own panels (decision boundaries for toy sets; batch, updates and confusion matrix for images) beside the
// relaxation panel, which follows the training's latest batch.

import { CONDITION_LABELS, isToy } from '../../protocol/lab';
import type { LabStoreState } from '../../store/labStore';
import { integer } from '../format';
import { ConvergencePanel } from '../panels/ConvergencePanel';
import { BoundaryPanel } from './BoundaryPanel';
import { ConfusionPanel } from './ConfusionPanel';
import { FidelityPanel } from './FidelityPanel';
import { ImagesPanel } from './ImagesPanel';
import { LabControls } from './LabControls';
import { useLabFrame } from './labHooks';
import { LearningCurvesPanel } from './LearningCurvesPanel';
import './lab.css';
import './lab-panels.css';

const selectLayout = (s: LabStoreState) => ({
  // The running experiment decides; before the first one, the draft's data set does.
  toy: s.data ? s.data.kind === 'toy' : isToy(s.draft.dataset),
  watch: s.config?.watch ?? null,
  watchEvery: s.config?.watchEvery ?? null,
});

function WatchNote() {
  const { watch, watchEvery } = useLabFrame(selectLayout);
  return (
    <p className="lab-watch-note" data-testid="lab-watch-note">
      <b>Relaxation of the latest batch.</b>{' '}
      {watch && watchEvery
        ? `The panel below follows ${CONDITION_LABELS[watch]}: every ${integer(watchEvery)} batches it shows that batch relaxing towards the backprop gradient.`
        : watch
          ? 'This experiment does not hand batches to the relaxation panel (follow-relaxation-every is 0).'
          : 'Once training runs, the panel below follows the watched AR condition’s latest batch.'}
    </p>
  );
}

export function LabView() {
  const { toy } = useLabFrame(selectLayout);
  return (
    <>
      <LabControls />
      <LearningCurvesPanel />
      <FidelityPanel />
      {toy ? <BoundaryPanel /> : <ConfusionPanel />}
      <div className="lab-watch">
        <WatchNote />
        <ConvergencePanel />
      </div>
      {!toy && <ImagesPanel />}
    </>
  );
}
