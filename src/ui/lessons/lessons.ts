// The guided lesson: from the credit-assignment problem to training with AR. Each step is a partial
// ShareState (applied like a link, so the panels show what the text describes), a few sentences with inline
// TeX between $…$, one displayed equation, and one thing to try.
// Notation follows the engine (design.md): rows are batch items, a_l = x_{l−1} W_l, x_l = f(a_l); the
// backward weights act on the right, B_{l+1}(u) = u W_{l+1}ᵀ for exact transport.

import type { ShareState } from '../share/schema';

export interface LessonStep {
  title: string;
  state: Partial<ShareState>;
  /** Paragraphs; $…$ is inline TeX. */
  text: string[];
  equation: string;
  /** Paragraphs after the equation. */
  after: string[];
  tryThis: string;
}

export interface Lesson {
  id: string;
  title: string;
  steps: LessonStep[];
}

export const AR_LESSON: Lesson = {
  id: 'ar',
  title: 'Activation Relaxation in seven steps',
  steps: [
    {
      title: 'The credit-assignment problem',
      state: {},
      text: [
        'To learn, a hidden layer must know how the loss changes with its output: the gradient $g_l = \\partial L/\\partial x_l$. Backprop computes it from the top down, sending the error back through the transposed forward weights, and then updates each layer with it:',
      ],
      equation:
        "\\begin{gathered} g_l = \\big(g_{l+1} \\odot f'(a_{l+1})\\big)\\,W_{l+1}^{\\top} \\\\ \\Delta W_l = -\\alpha\\, x_{l-1}^{\\top}\\big(g_l \\odot f'(a_l)\\big) \\end{gathered}",
      after: [
        'Here $a_l = x_{l-1} W_l$ and $x_l = f(a_l)$. A neuron has no obvious way to run a separate backward pass, nor to know the weights $W^{\\top}$ of synapses that point away from it. Can local dynamics compute $g_l$ instead?',
      ],
      tryThis:
        'In the Network panel, click a hidden unit: its ring is the backprop gradient g it needs, its core the value v it holds now.',
    },
    {
      title: 'Relaxation as dynamics',
      state: { speed: 5, play: true },
      text: [
        'Activation Relaxation gives every hidden layer a value $v_l$ that moves, at each step, towards a target computed only from the layer above; the output layer is clamped to the loss’s error:',
      ],
      equation:
        "\\begin{gathered} v_l \\leftarrow v_l + \\eta\\Big({-v_l} + B_{l+1}\\big(v_{l+1} \\odot f'(a_{l+1})\\big)\\Big) \\\\ v_L = e_L = \\frac{\\partial L}{\\partial x_L} \\ \\text{(clamped)} \\end{gathered}",
      after: [
        "With exact weight transport $B_{l+1}(u) = u\\,W_{l+1}^{\\top}$. For the summed squared error $e_L = 2(x_L - y)$. The derivatives $f'(a_{l+1})$ are those of the feedforward pass, kept frozen. There is one phase only: every unit leaks towards its target at once, with no separate backward sweep.",
      ],
      tryThis:
        'Pause, set Step to ×1 and click Step a few times: the Inspector writes out one unit’s update with the actual numbers.',
    },
    {
      title: 'The equilibrium is the gradient',
      state: { speed: 30, play: true, metric: 'relError' },
      text: [
        "At a fixed point the bracket is zero, so $v^*_l = B_{l+1}(v^*_{l+1} \\odot f'(a_{l+1}))$ with $v_L = \\partial L/\\partial x_L$: backprop’s own recursion. By induction from the top,",
      ],
      equation: 'v_l^{*} = \\frac{\\partial L}{\\partial x_l} \\quad \\text{for every hidden layer } l.',
      after: [
        'The update is linear in $v$ and every eigenvalue of the iteration is $1 - \\eta$, so for $0 < \\eta < 2$ the values converge to the exact gradients. The Convergence panel plots $\\lVert v_l - g_l\\rVert^2 / \\lVert g_l\\rVert^2$ per layer against autodiff on a log axis.',
      ],
      tryThis:
        'Open AR vs backprop: once converged, every unit’s v lies on the identity line against its gradient g.',
    },
    {
      title: 'η and the wavefront',
      state: { eta: 1, schedule: 'parallel', speed: 1, play: true },
      text: [
        "With $\\eta = 1$ a step forgets the old value, $v_l \\leftarrow B_{l+1}(v_{l+1} \\odot f'(a_{l+1}))$. The top hidden layer reads the clamped error and is exact after one step, the layer below after two:",
      ],
      equation:
        '\\eta = 1 \\text{, parallel:} \\quad v_l^{(t)} = \\frac{\\partial L}{\\partial x_l} \\ \\text{ for } t \\ge L - l',
      after: [
        'That is backprop spread over time: a wavefront moving down one layer per step, exact after $L - 1$ steps. A smaller η approaches the same point smoothly, as $(1-\\eta)^t$; beyond $\\eta = 2$ the iteration diverges.',
      ],
      tryThis:
        'Watch the Convergence panel: the layers drop to float precision one after another, one per second. Then switch on its η overlay to compare step sizes.',
    },
    {
      title: 'Weight transport and learned backward weights',
      state: { feedback: 'random', speed: 30, play: true },
      text: [
        'Exact transport needs the backward weights to equal $W^{\\top}$, but synapses do not send their weights backwards. With fixed random weights $\\psi$ (feedback alignment), $B_{l+1}(u) = u\\,\\psi_{l+1}$: the relaxation still settles, but at a point that is not the gradient. The alternative is to learn $\\psi$ with the forward update, transposed:',
      ],
      equation:
        "\\begin{aligned} \\Delta \\psi_l &= -\\alpha\\,\\Big(x_{l-1}^{\\top}\\big(v_l \\odot f'(a_l)\\big)\\Big)^{\\top} \\\\ &= \\Delta W_l^{\\top} \\end{aligned}",
      after: [
        'Both receive the same change, so $W_l - \\psi_l^{\\top}$ stays fixed while the shared updates accumulate, and as they grow the angle between $\\psi_l$ and $W_l^{\\top}$ shrinks (Gradient fidelity in the lab plots it). Each layer only needs its own input and its own relaxed value.',
      ],
      tryThis:
        'Turn Random feedback off while it runs: with Wᵀ the error falls to zero; turn it back on and it levels off again.',
    },
    {
      title: 'Dropping f′',
      state: { fprime: false, speed: 30, play: true },
      text: [
        "The target multiplies by $f'(a_{l+1})$, a property of the units above. Replacing it by 1 leaves a simpler rule:",
      ],
      equation: 'v_l \\leftarrow v_l + \\eta\\big({-v_l} + B_{l+1}(v_{l+1})\\big)',
      after: [
        'The iteration is just as stable, but its fixed point is the gradient of a network that is linear on the way back, so the error against backprop levels off above zero. The paper reports that networks trained this way still learn MNIST nearly as well as with backprop.',
      ],
      tryThis:
        'In AR vs backprop, read the weight-update angle per layer: how far from backprop’s direction does each layer’s update point?',
    },
    {
      title: 'Training with AR versus backprop',
      state: { view: 'lab' },
      text: [
        'In training, each batch relaxes for a fixed number of steps; every layer then updates from its own input and its relaxed value:',
      ],
      equation: "\\Delta W_l = -\\alpha\\, x_{l-1}^{\\top}\\big(v_l \\odot f'(a_l)\\big)",
      after: [
        'With exact transport and enough steps, $v_l = \\partial L/\\partial x_l$ and this is backprop’s update, so the two learn alike; the variants trade exactness for plausibility. Every condition starts from the same weights and sees the same batches.',
      ],
      tryThis:
        'Press Start and compare the Learning curves; Gradient fidelity shows each condition’s update angle to backprop. For the paper’s comparison, choose Paper preset (MNIST).',
    },
  ],
};

export const LESSONS: Record<string, Lesson> = { [AR_LESSON.id]: AR_LESSON };

/** The state a lesson step stands for, or null when the link names no such lesson or step. */
export function lessonStepState(id: string, step: number): Partial<ShareState> | null {
  const lesson = LESSONS[id];
  const s = lesson?.steps[step];
  return s ? { ...s.state, lesson: id, lessonStep: step } : null;
}
