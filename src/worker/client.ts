// Page side of the worker boundary. Imports only the protocol and the store (never the engine), so TF.js
// stays in the worker's chunk. Sends commands, validates and acknowledges events, and restarts a worker that
// crashed or lost its WebGL context on the next backend, with the same configuration.

import {
  BACKENDS,
  command,
  FAULT_CONFIRM,
  MAX_SPEED_STORE_HZ,
  parseEvent,
  PRESET_INFO,
  PROTOCOL_VERSION,
  STORE_HZ,
  type BackendChoice,
  type BackendName,
  type EventOf,
  type CommandBody,
  type DataSource,
  type FaultKind,
  type LabConfig,
  type LabResume,
  type LiveOptions,
  type PresetId,
  type TracePoint,
  type WorkerEvent,
} from '../protocol';
import type { ArStore, LabStore } from '../store';

export interface ClientOptions {
  store: ArStore;
  /** The training lab's store (lab events go there). */
  lab?: LabStore;
  /** Enables test-only fault injection. */
  debug?: boolean;
  /** For tests; the default is the real module worker. */
  createWorker?: () => Worker;
}

/** More restarts than this within RESTART_WINDOW_MS means something is wrong beyond one backend. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 60_000;

export class ArClient {
  private worker: Worker | null = null;
  private readonly store: ArStore;
  private readonly lab: LabStore | null;
  private readonly debug: boolean;
  private readonly createWorker: () => Worker;
  /** Whether the user wants the relaxation running; replayed onto a restarted worker. */
  private playing = false;
  private backend: BackendName | null = null;
  private pending: EventOf<'batch'>[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = 0;
  private restartTimes: number[] = [];
  /** The network file the current network came from (replayed onto a restarted worker), and one being
   *  imported; a configure or a training-lab batch replaces the network and forgets it. */
  private imported: string | null = null;
  private importing: string | null = null;
  /** Waiting for the worker's reply to exportSnapshot / importSnapshot (one of each at a time). */
  private snapshotWaiter: Waiter<EventOf<'snapshot'>> | null = null;
  private importWaiter: Waiter<void> | null = null;
  /** Bench hook: batches are dropped unacknowledged (see muteStreaming); the newest one's step and time. */
  private muted: { step: number; at: number; batches: number } | null = null;
  /** The training lab's experiment and its latest checkpoint (continued on a restarted worker). */
  private labRun: { config: LabConfig; checkpoint: Omit<LabResume, 'paused'> | null } | null = null;

  constructor(opts: ClientOptions) {
    this.store = opts.store;
    this.lab = opts.lab ?? null;
    this.debug = opts.debug ?? false;
    this.createWorker =
      opts.createWorker ?? (() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  }

  /** Start a worker and bring it to the store's configuration (also used after a crash). */
  start(): void {
    const w = this.createWorker();
    this.worker = w;
    w.onmessage = (e: MessageEvent) => this.receive(w, e.data);
    w.onmessageerror = () => console.warn('[client] a worker message could not be deserialised');
    w.onerror = (e: ErrorEvent) => {
      // Handled here (restart); preventDefault keeps it from being reported as an uncaught page error.
      e.preventDefault();
      if (w === this.worker) this.recover(`the worker crashed (${e.message || 'no message'})`);
    };
    const { config } = this.store.getState();
    this.send({ type: 'forceBackend', backend: config.backend });
    this.send({ type: 'configure', preset: config.preset, data: config.data, seed: config.seed });
    if (this.imported) this.send({ type: 'importSnapshot', text: this.imported });
    this.send({ type: 'setOptions', options: config.options });
    if (config.traces.length) this.send({ type: 'selectTraces', traces: config.traces });
    if (this.playing) this.send({ type: 'play' });
  }

  configure(
    preset: PresetId,
    seed = this.store.getState().config.seed,
    data: DataSource = PRESET_INFO[preset].defaultData,
  ): void {
    this.store.getState().setConfig({ preset, data, seed });
    this.playing = false;
    this.imported = null;
    this.send({ type: 'configure', preset, data, seed });
  }

  play(): void {
    this.playing = true;
    this.send({ type: 'play' });
  }

  pause(): void {
    this.playing = false;
    this.send({ type: 'pause' });
  }

  step(n = 1): void {
    this.send({ type: 'step', n });
  }

  reset(): void {
    this.playing = false;
    this.send({ type: 'reset' });
  }

  setOptions(patch: Partial<LiveOptions>): void {
    const s = this.store.getState();
    s.setOptions(patch);
    if (s.net && s.run.step > 0) for (const [key, label] of markLabels(patch)) s.addMark(key, label);
    this.send({ type: 'setOptions', options: patch });
  }

  selectTraces(traces: TracePoint[]): void {
    this.store.getState().setConfig({ traces });
    this.send({ type: 'selectTraces', traces });
  }

  forceBackend(backend: BackendChoice): void {
    this.store.getState().setConfig({ backend });
    this.send({ type: 'forceBackend', backend });
  }

  /** Training lab: start an experiment (replacing any other), pause, resume, stop. */
  labStart(config: LabConfig): void {
    this.labRun = { config, checkpoint: null };
    this.send({ type: 'labStart', config });
  }

  labPause(): void {
    this.send({ type: 'labPause' });
  }

  labResume(): void {
    this.send({ type: 'labResume' });
  }

  labStop(): void {
    this.labRun = null;
    this.send({ type: 'labStop' });
  }

  /** The current network's parameters as a network file (JSON text), with the run and step it was taken at. */
  exportSnapshot(): Promise<EventOf<'snapshot'>> {
    this.snapshotWaiter?.reject(new Error('superseded by a newer export'));
    return new Promise((resolve, reject) => {
      this.snapshotWaiter = { resolve, reject };
      this.send({ type: 'exportSnapshot' });
    });
  }

  /** Replace the network's parameters with a network file's; resolves once the new network is configured,
   *  rejects with the worker's message (nothing changed) when the file is refused. */
  importSnapshot(text: string): Promise<void> {
    this.importWaiter?.reject(new Error('superseded by a newer import'));
    return new Promise((resolve, reject) => {
      this.importWaiter = { resolve, reject };
      this.importing = text;
      this.send({ type: 'importSnapshot', text });
    });
  }

  /** Test hook: crash the worker or lose its WebGL context. Refused unless the page runs with ?debug. */
  fault(kind: FaultKind): boolean {
    if (!this.debug) {
      console.warn('[client] fault injection needs ?debug=1');
      return false;
    }
    this.send({ type: '__fault', kind, confirm: FAULT_CONFIRM });
    return true;
  }

  /** Bench hook (?debug only): with `on`, batches are neither applied nor acknowledged, so the worker's
   *  back-pressure stops its posting (one batch per ack timeout gets through) and it only computes: the
   *  "streaming off" rate, from the steps of the batches that get through (mutedProgress). */
  muteStreaming(on: boolean): void {
    if (this.debug) this.muted = on ? { step: -1, at: 0, batches: 0 } : null;
  }

  mutedProgress(): { step: number; at: number; batches: number } | null {
    return this.muted && { ...this.muted };
  }

  dispose(): void {
    this.flush();
    this.worker?.terminate();
    this.worker = null;
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = performance.now();
    const batches = this.pending;
    this.pending = [];
    const { applyEvent } = this.store.getState();
    for (const b of batches) {
      applyEvent(b);
      this.send({ type: 'ack', seq: b.seq });
    }
  }

  private send(body: CommandBody): void {
    this.worker?.postMessage(command(body));
  }

  private receive(from: Worker, data: unknown): void {
    if (from !== this.worker) return; // a terminated worker's last words
    const parsed = parseEvent(data);
    if (!parsed.ok) {
      console.warn(`[client] rejected a worker message: ${parsed.reason}`);
      return;
    }
    const ev: WorkerEvent = parsed.value;
    if (ev.type === 'labCheckpoint') {
      if (this.labRun && ev.lab === this.lab?.getState().lab)
        this.labRun.checkpoint = { batch: ev.batch, params: ev.params, elapsedMs: ev.elapsedMs };
      return;
    }
    if (ev.type.startsWith('lab')) return this.lab?.getState().applyLabEvent(ev);
    if (ev.type === 'snapshot') {
      this.snapshotWaiter?.resolve(ev);
      this.snapshotWaiter = null;
      return;
    }
    if (ev.type === 'batch') {
      if (this.muted) {
        this.muted = { step: ev.step, at: performance.now(), batches: this.muted.batches + 1 };
        return;
      }
      // Hand batches to the store at most STORE_HZ times a second: every store change redraws the visible
      // panels, and redrawing faster than a viewer can follow only costs frames. The ack waits until the
      // batch is in the store, so a busy page slows the worker down instead of drowning in messages.
      this.pending.push(ev);
      if (!this.flushTimer) {
        const hz = this.store.getState().config.options.speed === 'max' ? MAX_SPEED_STORE_HZ : STORE_HZ;
        const wait = Math.max(0, 1000 / hz - (performance.now() - this.lastFlush));
        this.flushTimer = setTimeout(() => this.flush(), wait);
      }
      return;
    }
    // Anything else keeps its order after the batches before it (the final batch precedes the status).
    this.flush();
    this.store.getState().applyEvent(ev);
    this.settleWaiters(ev);
    if (ev.type === 'ready' || ev.type === 'backendChanged') this.backend = ev.backend;
    else if (ev.type === 'status') {
      if (ev.state === 'running') this.playing = true;
      else if (ev.state !== 'loading') this.playing = false;
    } else if (ev.type === 'error' && ev.fatal) this.recover(ev.message);
  }

  /** An import ends with the new network's 'configured' event or an error; an export can only fail. */
  private settleWaiters(ev: WorkerEvent): void {
    if (ev.type === 'configured') {
      if (this.importWaiter) this.imported = this.importing;
      else if (ev.preset === 'lab') this.imported = null;
      this.importing = null;
      this.importWaiter?.resolve();
      this.importWaiter = null;
    } else if (ev.type === 'error') {
      const err = new Error(ev.message);
      this.importWaiter?.reject(err);
      this.snapshotWaiter?.reject(err);
      this.importWaiter = this.snapshotWaiter = null;
      this.importing = null;
    }
  }

  /** Replace the worker, moving one step down the backend order (webgl → wasm → cpu). */
  private recover(reason: string): void {
    // Batches still waiting belong to the dead worker's run numbering: drop them.
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
    const now = Date.now();
    this.restartTimes = this.restartTimes.filter((t) => now - t < RESTART_WINDOW_MS);
    this.worker?.terminate();
    this.worker = null;
    this.settleWaiters({
      v: PROTOCOL_VERSION,
      type: 'error',
      code: 'worker-crashed',
      message: reason,
      fatal: true,
    });
    const s = this.store.getState();
    if (this.restartTimes.length >= MAX_RESTARTS) {
      s.applyEvent({
        v: PROTOCOL_VERSION,
        type: 'error',
        code: 'worker-crashed',
        message: `Gave up restarting: ${reason}`,
        fatal: true,
      });
      this.lab?.getState().noteLost(`The worker kept failing (${reason}); the training run stopped.`);
      return;
    }
    this.restartTimes.push(now);
    const at = this.backend ? BACKENDS.indexOf(this.backend) : -1;
    const next: BackendName = BACKENDS[Math.min(at + 1, BACKENDS.length - 1)];
    s.setConfig({ backend: next });
    s.noteRestart(
      `Recovering: ${reason} Restarting on ${next}…`,
      `Recovered on ${next} after: ${reason} The run restarted from step 0.`,
    );
    this.backend = null;
    this.start();
    this.continueLab(reason);
  }

  /** A training run that was under way goes on in the new worker from its latest checkpoint. */
  private continueLab(reason: string): void {
    const lab = this.lab?.getState();
    if (!lab || !['running', 'paused', 'loading'].includes(lab.state)) return;
    const run = this.labRun;
    if (!run) return lab.noteLost(`The worker restarted (${reason}); start the training run again.`);
    const cp = run.checkpoint;
    lab.noteResuming(
      cp
        ? `${sentence(reason)} The training run continues from batch ${cp.batch}…`
        : `${sentence(reason)} The training run starts again…`,
    );
    const resume = cp ? { ...cp, paused: lab.state === 'paused' } : undefined;
    this.send({ type: 'labStart', config: run.config, ...(resume ? { resume } : {}) });
  }
}

/** "the worker crashed (…)" → "The worker crashed (…)." */
function sentence(reason: string): string {
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${reason.endsWith('.') ? '' : '.'}`;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

/** Short chart labels for the option changes that alter the dynamics (speed and tolerance do not). */
function markLabels(patch: Partial<LiveOptions>): [string, string][] {
  const out: [string, string][] = [];
  if (patch.eta !== undefined) out.push(['eta', `η = ${patch.eta}`]);
  if (patch.schedule) out.push(['schedule', patch.schedule]);
  if (patch.feedback)
    out.push([
      'feedback',
      patch.feedback === 'exact' ? 'Wᵀ' : patch.feedback === 'learned' ? 'learned ψ' : 'random ψ',
    ]);
  if (patch.fprime !== undefined) out.push(['fprime', `f′ ${patch.fprime ? 'on' : 'off'}`]);
  if (patch.frozen !== undefined) out.push(['frozen', patch.frozen ? 'frozen' : 'not frozen']);
  return out;
}
