// What is being relaxed: network, batch, loss and the run's throughput, all labelled.

import { DATASET_LABELS } from '../protocol';
import { useArStore, type ArState } from '../store';
import { integer, sci } from './format';
import { useFrameSelector } from './useFrameSelector';

const selectDiag = (s: ArState) => s.run.diag;

export function ExperimentCard() {
  const net = useArStore((s) => s.net);
  const diag = useFrameSelector(selectDiag);
  const options = useArStore((s) => s.config.options);
  if (!net) {
    return (
      <aside className="card span-narrow" aria-label="Experiment">
        <h2>Experiment</h2>
        <p className="muted">Building the network…</p>
      </aside>
    );
  }
  const sizes = [net.inputSize, ...net.layerSizes].join('-');
  return (
    <aside className="card span-narrow" aria-label="Experiment">
      <h2>Experiment</h2>
      <p className="muted small">{net.summary}.</p>
      <dl className="facts">
        <dt>Layers</dt>
        <dd className="num">{sizes}</dd>
        <dt>Batch</dt>
        <dd>
          {net.batchSize} items, {net.data === 'random' ? 'random inputs' : DATASET_LABELS[net.data]}, seed{' '}
          {net.seed}
        </dd>
        <dt title="Summed squared error Σ(x_L − y)² over the batch, before any update">Loss on batch</dt>
        <dd className="num">{sci(net.loss, 3)}</dd>
        <dt title="Feedback path of the relaxation">Backward weights</dt>
        <dd>
          {options.feedback === 'exact'
            ? 'exact transport Wᵀ'
            : options.feedback === 'learned'
              ? 'learned ψ'
              : 'fixed random ψ'}
        </dd>
        <dt title="How fast the worker can step on this backend: steps per second of compute over the last tick, whatever the chosen speed">
          Compute rate
        </dt>
        <dd className="num">
          {diag && diag.stepsPerSecond > 0 ? `${integer(diag.stepsPerSecond)} steps/s` : '—'}
        </dd>
        <dt title="Metrics are recorded every k-th step so that recording costs at most ~10% of the stepping time">
          Recorded
        </dt>
        <dd>{diag ? (diag.recordEvery === 1 ? 'every step' : `every ${diag.recordEvery} steps`) : '—'}</dd>
      </dl>
      {net.note && <p className="note">{net.note}</p>}
      <p className="muted small">
        The output units are clamped to the output error e<sub>L</sub>; each hidden unit moves toward its
        local target B (v<sub>l+1</sub> ⊙ f′) until, at equilibrium, v<sub>l</sub> equals the backprop
        gradient.
      </p>
    </aside>
  );
}
