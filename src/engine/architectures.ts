// The papers' networks as specs, so the CLI, the worker presets and the tests name them once.
import { mlpSpec, type Activation, type GraphSpec, type LossKind, type MlpSpec } from './spec';

/** AR paper Fig. 1: tanh 784-300-100-100-10, W ~ N(0, 0.05²). */
export function fig1Mlp(seed = 1, sigma = 0.05): MlpSpec {
  return mlpSpec([784, 300, 100, 100, 10], { hidden: 'tanh', output: 'linear', loss: 'sse', init: { sigma, seed } });
}

/** AR paper training comparison (Fig. 3/4): ReLU 784-300-300-100-10, linear output, W ~ N(0, 0.05²). */
export function trainingMlp(seed = 1, sigma = 0.05): MlpSpec {
  return mlpSpec([784, 300, 300, 100, 10], { hidden: 'relu', output: 'linear', loss: 'sse', init: { sigma, seed } });
}

/**
 * The follow-up paper's CNN (arXiv:2010.06219): conv 6@5×5 → maxpool 2 → conv 16@5×5 → dense 120 →
 * dense 84 → 10, on 28×28 digits.
 */
export function followUpCnn(
  seed = 1,
  opts: { hidden?: Activation; loss?: LossKind; sigma?: number } = {},
): GraphSpec {
  const f = opts.hidden ?? 'relu';
  return {
    kind: 'graph',
    input: [28, 28, 1],
    layers: [
      { op: 'conv2d', id: 'conv1', filters: 6, kernel: 5, activation: f },
      { op: 'maxPool', id: 'pool1', size: 2 },
      { op: 'conv2d', id: 'conv2', filters: 16, kernel: 5, activation: f },
      { op: 'flatten', id: 'flatten' },
      { op: 'dense', id: 'fc1', units: 120, activation: f },
      { op: 'dense', id: 'fc2', units: 84, activation: f },
      { op: 'dense', id: 'out', units: 10, activation: 'linear' },
    ],
    bias: true,
    loss: opts.loss ?? 'sse',
    init: { sigma: opts.sigma ?? 0.05, seed },
  };
}
