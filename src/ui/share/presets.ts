// Named experiments from the paper and its lessons. Each is a partial ShareState: what is not said takes its
// default, exactly as in a link, so a preset always shows the same thing whatever was on screen before.

import { SPIRAL_LAB } from '../../protocol/lab';
import type { ShareState } from './schema';

export interface Preset {
  id: string;
  label: string;
  /** One sentence on what to look at; the select's description. */
  hint: string;
  state: Partial<ShareState>;
}

export const PRESET_LIST: Preset[] = [
  {
    id: 'fig1',
    label: 'Paper Fig. 1: per-layer convergence',
    hint: 'tanh 784-300-100-100-10 on MNIST, η 0.1, 200 parallel steps: each layer’s squared error against backprop falls by orders of magnitude',
    state: { preset: 'fig1', eta: 0.1, speed: 'max', tolerance: 0, metric: 'sqError', go: 200 },
  },
  {
    id: 'fig2',
    label: 'Paper Fig. 2: step sizes',
    hint: 'The same network with the η overlay: layer 1’s error at seven step sizes, against the |1 − η|^t theory',
    state: { preset: 'fig1', eta: 0.1, speed: 'max', tolerance: 0, overlay: true, go: 200 },
  },
  {
    id: 'training',
    label: 'Training: AR versus backprop (paper)',
    hint: 'The training lab with the paper’s MNIST comparison of six conditions; press Start',
    state: { view: 'lab', lab: 'paper' },
  },
  {
    id: 'wavefront',
    label: 'η = 1: the wavefront',
    hint: 'Parallel schedule, one step a second: the top hidden layer is exact after one step, the next after two…',
    state: { eta: 1, schedule: 'parallel', speed: 1, play: true },
  },
  {
    id: 'weight-transport',
    label: 'The weight-transport problem',
    hint: 'Training lab on the spiral: backprop, AR with exact Wᵀ, learned and fixed random backward weights',
    state: {
      view: 'lab',
      labDraft: { ...SPIRAL_LAB, conditions: ['bp', 'ar', 'ar-learned', 'ar-random'] },
    },
  },
  {
    id: 'no-fprime',
    label: 'Dropping f′',
    hint: 'The nonlinear derivative replaced by 1: the relaxation settles, but away from the gradient',
    state: { fprime: false, speed: 30, play: true },
  },
  {
    id: 'random-feedback',
    label: 'Random feedback',
    hint: 'Fixed random backward weights ψ instead of Wᵀ: a stable equilibrium that is not backprop’s gradient',
    state: { feedback: 'random', speed: 30, play: true },
  },
  {
    id: 'unstable',
    label: 'Unstable η = 2.2',
    hint: 'Beyond η = 2 every mode grows as |1 − η|^t = 1.2^t: the run diverges and stops',
    state: { eta: 2.2, allowUnstable: true, speed: 10, play: true },
  },
];
