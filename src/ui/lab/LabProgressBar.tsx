// Where the experiment is: a progress bar over all batches with epoch, batch, elapsed and remaining time,
// the data download while loading, and the worker's state line (errors stand out, the page stays usable).

import type { LabState } from '../../protocol/lab';
import type { LabStoreState } from '../../store/labStore';
import { integer } from '../format';
import { useLabFrame } from './labHooks';
import { bytes, duration } from './labFormat';

const selectProgress = (s: LabStoreState) => ({
  state: s.state,
  message: s.message,
  progress: s.progress,
  epochs: s.config?.epochs ?? null,
  perEpoch: s.data?.batchesPerEpoch ?? null,
});

const STATE_TEXT: Record<LabState, string> = {
  idle: 'Not started: choose a preset or set the experiment up, then press Start training.',
  loading: 'Loading the data and building the networks…',
  running: 'Training',
  paused: 'Paused: the curves stay; Resume continues from the same batch.',
  done: 'Done.',
  failed: 'The experiment stopped with an error.',
};

export function LabProgressBar({ pending }: { pending: boolean }) {
  const { state, message, progress, epochs, perEpoch } = useLabFrame(selectProgress);
  // A progress event without batches (loading, or a failure before training) has nothing to count yet.
  const p = progress && progress.total > 0 ? progress : null;
  const load = progress;
  const frac = p && p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  // Remaining: the pace so far (pauses excluded) applied to the batches left.
  const remaining = p && p.done > 0 ? (p.elapsedMs * Math.max(0, p.total - p.done)) / p.done : NaN;
  const epoch = p ? Math.min(p.epoch, epochs ?? p.epoch) : null;
  const loading = state === 'loading' && load !== null && load.loadTotal > 0;
  const loadFrac = loading ? Math.min(1, load.loaded / load.loadTotal) : 0;
  const failed = state === 'failed';
  const line =
    pending && (state === 'idle' || state === 'done' || state === 'failed')
      ? 'Starting: waiting for the worker…'
      : message || STATE_TEXT[state];
  const valueText = p
    ? `Epoch ${integer(epoch)} of ${integer(epochs)}, batch ${integer(p.batchInEpoch)} of ${integer(perEpoch)}; ${integer(p.done)} of ${integer(p.total)} batches (${Math.round(100 * frac)} %)`
    : 'Not started';

  return (
    <div className="lab-progress" data-state={state}>
      <div className="lab-progress-row">
        <div
          className="lab-bar"
          role="progressbar"
          aria-label="Training progress"
          aria-valuemin={0}
          aria-valuemax={p?.total || 1}
          aria-valuenow={p?.done ?? 0}
          aria-valuetext={valueText}
          data-testid="lab-progress"
        >
          <div className={`lab-bar-fill ${state}`} style={{ width: `${100 * frac}%` }} />
        </div>
        <span className="lab-percent num" aria-hidden="true">
          {Math.round(100 * frac)} %
        </span>
      </div>
      <dl className="lab-stats">
        <div>
          <dt>Epoch</dt>
          <dd className="num" data-testid="lab-epoch">
            {integer(epoch)} / {integer(epochs)}
          </dd>
        </div>
        <div>
          <dt>Batch</dt>
          <dd className="num">
            {integer(p?.batchInEpoch)} / {integer(perEpoch)}
          </dd>
        </div>
        <div>
          <dt>Batches trained</dt>
          <dd className="num" data-testid="lab-done" data-value={p?.done ?? ''}>
            {integer(p?.done)} / {integer(p?.total)}
          </dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd className="num">{duration(p?.elapsedMs)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd className="num">
            {state === 'running' || state === 'paused' ? `≈ ${duration(remaining)}` : duration(remaining)}
          </dd>
        </div>
      </dl>
      {loading && (
        <div className="lab-progress-row lab-loading">
          <span className="lab-load-label">Loading data</span>
          <div
            className="lab-bar small"
            role="progressbar"
            aria-label="Data download"
            aria-valuemin={0}
            aria-valuemax={load.loadTotal}
            aria-valuenow={load.loaded}
            aria-valuetext={`${bytes(load.loaded)} of ${bytes(load.loadTotal)}`}
          >
            <div className="lab-bar-fill loading" style={{ width: `${100 * loadFrac}%` }} />
          </div>
          <span className="num small">
            {bytes(load.loaded)} of {bytes(load.loadTotal)}
          </span>
        </div>
      )}
      <p
        role="status"
        className={`lab-state ${failed ? 'error' : state}`}
        data-state={state}
        data-testid="lab-state"
      >
        <span className="dot" aria-hidden="true" />
        <span>
          {failed && <b>Error: </b>}
          {line}
        </span>
      </p>
    </div>
  );
}
