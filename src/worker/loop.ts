// The run loop: owns the only engine instance and turns commands into relaxation steps. Each tick (paced
// by the Scheduler) runs k steps with one read-back (Relaxation.run); the Outbox decides when they are
// posted. Commands are handled one after another, between ticks.

import * as tf from '@tensorflow/tfjs';
import { CONDITIONS, EngineError, exportSnapshot, importSnapshot, type Network } from '../engine';
import {
  CONDITION_LABELS,
  DATASET_LABELS,
  DEFAULT_OPTIONS,
  MAX_SPEED_STORE_HZ,
  PROTOCOL_VERSION,
  event,
  transferables,
  type BackendChoice,
  type Command,
  type ErrorCode,
  type FaultKind,
  type EventBody,
  type LabConfig,
  type LiveOptions,
  type RunState,
  type TracePoint,
  type WorkerEvent,
} from '../protocol';
import { selectBackend, type SelectedBackend } from './backend';
import { LabLoop } from './labLoop';
import { injectFault } from './faults';
import { Outbox } from './outbox';
import { Scheduler } from './scheduler';
import { relaxOptions, Session, type Calibration, type Config } from './session';

export { MAX_IN_FLIGHT } from './outbox';

/** Options that change the fixed point or the path to it (speed and tolerance do not). */
const DYNAMICS = ['eta', 'schedule', 'feedback', 'fprime', 'frozen'] as const;

export interface Host {
  post(ev: WorkerEvent, transfer: Transferable[]): void;
  /** Absolute site root, for the data files. */
  baseUrl: string;
}

export class RunLoop {
  private backend: SelectedBackend | null = null;
  private choice: BackendChoice = 'auto';
  private session: Session | null = null;
  private config: Config | null = null;
  private options: LiveOptions = { ...DEFAULT_OPTIONS };
  private traces: TracePoint[] = [];
  private calibrated: { key: string; value: Calibration } | null = null;
  private nextTraces: TracePoint[] | null = null;
  private state: RunState = 'paused';
  private message = '';
  private run = 0;
  private ignoreConvergence = false;
  private readonly outbox = new Outbox((body) => this.post(body));
  private dead = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly scheduler: Scheduler;
  private readonly lab: LabLoop;

  constructor(private readonly host: Host) {
    this.lab = new LabLoop({
      post: (body) => this.post(body),
      baseUrl: host.baseUrl,
      watch: (net, x, y, cfg, k, batch) => this.watch(net, x, y, cfg, k, batch),
    });
    this.scheduler = new Scheduler({
      advance: (k) => this.advance(k),
      afterTick: () => this.flush(false),
      currentStep: () => this.session?.relax.step ?? 0,
      onError: (err) => this.fail(err),
    });
  }

  /** Commands run one after another (configure is async); a failure becomes an error event. */
  receive(cmd: Command): void {
    this.queue = this.queue.then(() => this.handle(cmd)).catch((err: unknown) => this.fail(err));
  }

  private async handle(cmd: Command): Promise<void> {
    if (this.dead) return;
    switch (cmd.type) {
      case 'forceBackend':
        return this.forceBackend(cmd.backend);
      case 'configure':
        return this.configure({ preset: cmd.preset, data: cmd.data, seed: cmd.seed });
      case 'ack':
        this.outbox.ack();
        return this.flush(this.scheduler.mode === 'idle');
      case 'setOptions':
        return this.setOptions(cmd.options);
      case 'selectTraces':
        return this.selectTraces(cmd.traces);
      case '__fault':
        return this.fault(cmd.kind);
      case 'play':
        return this.play();
      case 'pause':
        this.scheduler.stop();
        return this.setState('paused', '');
      case 'step':
        return this.step(cmd.n);
      case 'reset':
        return this.reset();
      case 'labStart':
        if (!this.backend) await this.initBackend(null);
        return void this.lab.start(cmd.config, cmd.resume);
      case 'labPause':
        return this.lab.pause();
      case 'labResume':
        return this.lab.resume();
      case 'labStop':
        return this.lab.stop();
      case 'exportSnapshot':
        return this.exportSnapshot();
      case 'importSnapshot':
        return this.importSnapshot(cmd.text);
    }
  }

  /** The training lab's latest batch replaces the relaxation's experiment, relaxing under the watched
   *  condition's switches and the lab's η and schedule; it plays at the user's speed. */
  private watch(net: Network, x: tf.Tensor, y: tf.Tensor, cfg: LabConfig, k: number, batch: number): void {
    this.scheduler.stop();
    this.session?.dispose();
    this.session = null;
    const condition = CONDITIONS[cfg.conditions[k]];
    const { feedback = 'exact', fprime = true, frozen = true } = condition.relax ?? {};
    this.options = {
      ...this.options,
      eta: cfg.eta,
      schedule: cfg.schedule,
      feedback,
      fprime,
      frozen,
      init: 'feedforward',
    };
    const source = {
      preset: 'lab' as const,
      data: cfg.dataset,
      seed: cfg.seed,
      summary: `Training lab: ${CONDITION_LABELS[cfg.conditions[k]]}, batch ${batch} of ${DATASET_LABELS[cfg.dataset]}, as trained so far`,
      note: '',
    };
    const s = Session.adopt(net, x, y, source, relaxOptions(this.options));
    this.session = s;
    this.adopt(s);
    this.play();
  }

  /** `dynamicsChanged`: resuming because the fixed point moved, so stop again at the tolerance. */
  private play(dynamicsChanged = false): void {
    if (!this.needSession()) return;
    // Play after convergence means "keep going": do not stop again at the same tolerance.
    this.ignoreConvergence = !dynamicsChanged && this.state === 'converged';
    this.setState('running', '');
    this.scheduler.play(this.options.speed);
  }

  private step(n: number): void {
    const s = this.needSession();
    if (!s) return;
    this.setState('running', `Stepping ${n}…`);
    this.scheduler.stepTo(s.relax.step + n);
  }

  private reset(): void {
    const s = this.needSession();
    if (!s) return;
    this.scheduler.stop();
    s.relax.reset();
    this.newRun(s);
    this.setState('paused', '');
  }

  private async forceBackend(choice: BackendChoice): Promise<void> {
    const first = this.backend === null;
    if (!first && choice === this.choice && (choice === 'auto' || choice === this.backend!.backend)) return;
    this.choice = choice;
    const resume = this.scheduler.mode === 'running';
    this.scheduler.stop();
    this.session?.dispose();
    this.session = null;
    await this.initBackend(first ? null : `switched to ${choice}`);
    if (this.config) await this.configure(this.config, resume);
  }

  private async initBackend(reason: string | null): Promise<void> {
    const b = await selectBackend(this.choice);
    this.backend = b;
    b.canvas?.addEventListener('webglcontextlost', () => this.contextLost(), { once: true });
    const info = { backend: b.backend, renderer: b.renderer, software: b.software, detail: b.detail };
    if (this.choice !== 'auto' && b.backend !== this.choice)
      reason = `${this.choice} is unavailable here; fell back to ${b.backend}`;
    if (reason === null)
      this.post({ type: 'ready', ...info, version: PROTOCOL_VERSION, tfjs: tf.version.tfjs });
    else this.post({ type: 'backendChanged', ...info, reason });
  }

  private async configure(config: Config, resume = this.scheduler.mode === 'running'): Promise<void> {
    if (!this.backend) await this.initBackend(null);
    this.scheduler.stop();
    this.session?.dispose();
    this.session = null;
    this.config = config;
    this.setState('loading', 'Building the network…');
    const s = await Session.create(config, this.options, this.host.baseUrl);
    this.session = s;
    this.adopt(s);
    if (resume) this.play();
  }

  /** Start a run on a new session: traces, calibration, and the configured event (state at step 0). */
  private adopt(s: Session): void {
    const kept = this.traces.filter((p) => s.checkTrace(p) === null);
    this.traces = kept.length ? kept : s.defaultTraces();
    this.nextTraces = null;
    const key = s.calibrationKey(this.traces);
    if (this.calibrated?.key !== key) this.calibrated = { key, value: s.calibrate(this.traces) };
    this.scheduler.calibration = this.calibrated.value;
    this.newRun(s);
    this.post(s.configuredEvent(this.run));
    this.outbox.valuesDirty = false;
    this.outbox.anglesDirty = false;
    this.setState('paused', s.source.note);
  }

  private exportSnapshot(): void {
    const s = this.needSession();
    if (!s) return;
    const text = JSON.stringify(exportSnapshot(s.net));
    this.post({ type: 'snapshot', run: this.run, step: s.relax.step, text });
  }

  /** Everything is checked before the current session is touched, so a bad file changes nothing. */
  private importSnapshot(text: string): void {
    const s = this.needSession();
    if (!s) return;
    const net = importSnapshot(text);
    const next = s.withNetwork(net, relaxOptions(this.options));
    this.scheduler.stop();
    s.dispose();
    this.session = next;
    this.adopt(next);
  }

  private setOptions(next: Partial<LiveOptions>): void {
    const merged = { ...this.options, ...next };
    try {
      this.session?.relax.setOptions(relaxOptions(merged));
      const dynamics = DYNAMICS.some((k) => merged[k] !== this.options[k]);
      const feedback = merged.feedback !== this.options.feedback;
      this.options = merged;
      this.scheduler.setSpeed(merged.speed);
      if (feedback && this.session) this.post(this.session.weightsEvent(this.run));
      if (dynamics) {
        this.ignoreConvergence = false;
        // AR's weight update depends on f′ (and, through the state, on everything else): measure again.
        this.outbox.anglesDirty = true;
        if (this.scheduler.mode === 'idle') this.flush(true);
        // A converged run whose dynamics change under it starts moving again: the point of toggling live.
        if (this.state === 'converged' && this.session) return this.play(true);
      }
    } catch (err) {
      this.fail(err);
    }
    this.postStatus();
  }

  private selectTraces(traces: TracePoint[]): void {
    const bad = this.session ? traces.map((p) => this.session!.checkTrace(p)).find((r) => r !== null) : null;
    if (bad) return this.error('invalid-option', `Cannot trace that unit: ${bad}.`, false);
    this.nextTraces = traces;
    if (this.outbox.batcher.rows === 0) this.applyTraces();
  }

  private applyTraces(): void {
    if (!this.nextTraces) return;
    this.traces = this.nextTraces;
    this.nextTraces = null;
    this.outbox.batcher.clear(this.session?.hidden.length ?? 0, this.traces.length);
  }

  /** Run k steps (called by the scheduler); returns how many were taken. At human speeds one at a time,
   *  keeping each step's state for the timeline. */
  private advance(k: number): number {
    const s = this.session!;
    const every = this.scheduler.everyState(this.outbox.valuesCost);
    let taken = 0;
    for (const n of every ? Array<number>(k).fill(1) : [k]) {
      const done = this.advanceBy(s, n, every ? 1 : this.scheduler.recordEvery(), every);
      taken += done;
      if (done < n || !this.scheduler.active) break;
    }
    return taken;
  }

  /** `keep`: read the new state for the timeline before a stop posts the final batch. */
  private advanceBy(s: Session, k: number, recordEvery: number, keep: boolean): number {
    const res = s.relax.run(k, { record: true, recordEvery, trace: this.traces });
    this.outbox.took(s, res, keep);
    const { mode, target } = this.scheduler;
    const tol = this.options.tolerance;
    if (res.stop?.kind === 'diverged') this.halt('diverged', res.stop.message);
    else if (mode === 'stepping' && s.relax.step >= target) this.halt('paused', '');
    else if (mode === 'running' && !this.ignoreConvergence && s.withinTolerance(res.record, tol))
      this.halt(
        'converged',
        `Converged at step ${s.relax.step}: every hidden layer's residual ‖target − v‖ is below ${tol.toExponential(0)} × ‖g‖.`,
      );
    return res.steps;
  }

  private flush(force: boolean): void {
    if (!this.session) return;
    const info = {
      run: this.run,
      traces: this.traces,
      stepsPerSecond: this.scheduler.stepsPerSecond,
      recordEvery: this.scheduler.recordEvery(),
      valuesGapMs: this.options.speed === 'max' ? 1000 / MAX_SPEED_STORE_HZ : 0,
    };
    // New traces start with a fresh batch, so that every batch has one set of traces.
    if (this.outbox.flush(this.session, info, force)) this.applyTraces();
  }

  /** A new run id (after configure or reset): the page clears its trajectories when it sees one. */
  private newRun(s: Session): void {
    this.run++;
    this.ignoreConvergence = false;
    this.applyTraces();
    this.outbox.clear(s.hidden.length, this.traces.length);
  }

  private halt(state: RunState, message: string): void {
    this.scheduler.stop();
    this.setState(state, message);
  }

  private setState(state: RunState, message: string): void {
    this.state = state;
    this.message = message;
    if (state !== 'running' && state !== 'loading') this.flush(true);
    this.postStatus();
  }

  private postStatus(): void {
    const { run, state, message, options } = this;
    this.post({ type: 'status', run, state, step: this.session?.relax.step ?? 0, message, options });
  }

  private needSession(): Session | null {
    if (!this.session) this.error('not-configured', 'No network is configured yet.', false);
    return this.session;
  }

  private contextLost(): void {
    if (this.dead) return;
    this.dead = true;
    this.scheduler.stop();
    this.error('context-lost', 'The WebGL context was lost; restarting on another backend.', true);
  }

  private fault(kind: FaultKind): void {
    const refused = injectFault(kind, this.backend?.gl ?? null);
    if (refused) this.error('invalid-option', refused, false);
  }

  private fail(err: unknown): void {
    const engine = err instanceof EngineError;
    const message = err instanceof Error ? err.message : String(err);
    // An engine error is the user's to fix (a bad option) and leaves the run as it was; a data error
    // leaves no network; anything else means this backend is unwell and the client restarts the worker.
    const data = this.state === 'loading' && !engine;
    this.error(engine ? err.code : data ? 'data-failed' : 'internal', message, !engine && !data);
    if (this.dead) return this.scheduler.stop();
    const halted = this.state === 'running' && this.scheduler.mode === 'idle';
    if (this.state === 'loading' || halted) this.setState('paused', message);
    else this.postStatus();
  }

  private error(code: ErrorCode, message: string, fatal: boolean): void {
    if (fatal) this.dead = true;
    this.post({ type: 'error', code, message, fatal });
  }

  private post(body: EventBody): void {
    const ev = event(body);
    this.host.post(ev, transferables(ev));
  }
}
