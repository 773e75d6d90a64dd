// From a link into the stores and back: what a link sets is what the page then shares, and presets or lesson
// steps keep a classroom link's restrictions and locked values.

import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, PAPER_LAB, SPIRAL_LAB } from '../../src/protocol';
import { useArStore, useLabStore } from '../../src/store';
import { applyInitialState, completeState, currentShareState, traceWhenReady } from '../../src/ui/share/apply';
import { parseShare, serialiseShare } from '../../src/ui/share/codec';
import { defaultShareState } from '../../src/ui/share/schema';
import { useUiStore } from '../../src/ui/share/uiStore';

beforeEach(() => {
  applyInitialState(defaultShareState());
  useLabStore.getState().loadPreset('spiral');
});

describe('applying a link', () => {
  it('sets the relaxation, the lab and the page, and the page then shares the same link', () => {
    const hash =
      '#view=lab&preset=mnist&seed=9&eta=0.5&schedule=sequential&fprime=0&tol=0&collapsed=network&metric=residual&overlay=1&lab=paper&l.ep=2&hide=traces&lock=eta&embed=1';
    const { state, problems } = parseShare(hash);
    expect(problems).toEqual([]);
    applyInitialState(state);
    const { config } = useArStore.getState();
    expect(config).toMatchObject({ preset: 'mnist', data: 'mnist', seed: 9 });
    expect(config.options).toEqual({
      ...DEFAULT_OPTIONS,
      eta: 0.5,
      schedule: 'sequential',
      fprime: false,
      tolerance: 0,
    });
    expect(useLabStore.getState().draft).toEqual({ ...PAPER_LAB, epochs: 2 });
    expect(useUiStore.getState()).toMatchObject({
      view: 'lab',
      collapsed: ['network'],
      metric: 'residual',
      overlay: true,
      hide: ['traces'],
      lock: ['eta'],
      embed: true,
    });
    expect(serialiseShare(currentShareState())).toBe(serialiseShare(state));
  });

  it('a named lab preset shares as its name alone', () => {
    useLabStore.getState().loadPreset('cnn');
    expect(serialiseShare(currentShareState())).toBe('#lab=cnn');
    useLabStore.getState().setDraft({ ...SPIRAL_LAB });
    expect(serialiseShare(currentShareState())).toBe('');
  });
});

describe('presets and lesson steps on a classroom link', () => {
  it('complete a partial state with the defaults, keeping the classroom options', () => {
    applyInitialState({ ...defaultShareState(), eta: 0.7, hide: ['inspector'], embed: true });
    const s = completeState({ fprime: false });
    expect(s).toMatchObject({ eta: DEFAULT_OPTIONS.eta, fprime: false, hide: ['inspector'], embed: true });
  });

  it('leave locked parameters as they are, and start nothing when the run controls are locked', () => {
    applyInitialState({ ...defaultShareState(), eta: 0.7, schedule: 'sequential', lock: ['eta', 'run'] });
    const s = completeState({ eta: 2.2, allowUnstable: true, schedule: 'parallel', play: true, go: 50 });
    expect(s).toMatchObject({ eta: 0.7, allowUnstable: false, schedule: 'parallel', play: false, go: 0 });
  });
});

describe('traced units in a link', () => {
  it('are traced once the network is known; units it does not have are named in the notice', () => {
    useUiStore.getState().set({ problems: [] });
    useArStore.setState({ net: null });
    const asked: unknown[] = [];
    const state = { ...defaultShareState(), traces: [{ layer: 0, item: 1, unit: 2 }, { layer: 1, item: 0, unit: 99 }] };
    traceWhenReady({ selectTraces: (t) => asked.push(t) }, state);
    expect(asked).toEqual([]);
    const net = { layerSizes: [8, 8, 3], batchSize: 4 };
    useArStore.setState((s) => ({ net: { ...(s.net ?? {}), ...net } as NonNullable<typeof s.net> }));
    expect(asked).toEqual([[{ layer: 0, item: 1, unit: 2 }]]);
    expect(useUiStore.getState().problems).toEqual(['traces=1.0.99 (no such unit in this network)']);
  });
});
