// Store behaviour behind the timeline, the network view and the inspector: the state at step 0, per-step
// snapshots, scrubbing through selectViewValues, the selected unit, weights and update angles.

import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, event } from '../../src/protocol';
import { createArStore, selectViewValues } from '../../src/store';
import { batch, configured, stateAt } from './eventFixtures';

function configuredStore() {
  const store = createArStore(100);
  store.getState().applyEvent(configured());
  return { store, s: () => store.getState() };
}

describe('the state at step 0', () => {
  it('reaches values and history on configure', () => {
    const { s } = configuredStore();
    expect(s().valuesStep).toBe(0);
    expect(s().values?.[0][0]).toBe(0.5);
    expect(s().history.steps()).toEqual([0]);
    expect(s().feedforward?.[0][0]).toBe(0.5);
    expect(s().derivative?.[0]?.[0]).toBeCloseTo(0.9);
    expect(s().derivative?.[1]).toBeNull();
    expect(s().weights?.feedback).toBe('exact');
    expect(s().weights?.w[1]).toHaveLength(24);
    expect(s().updateAngles).toEqual([0.25, 0.5]);
  });

  it('is replaced by the state of the new run after a reset', () => {
    const { s } = configuredStore();
    s().applyEvent(batch(1, 2, { snapshots: [stateAt(1)] }));
    s().setViewStep(1);
    // Reset: the worker posts a batch of the new run at step 0 with its state, then the status.
    s().applyEvent(
      batch(2, 0, {
        stepIndex: new Int32Array(0),
        relError: new Float32Array(0),
        sqError: new Float32Array(0),
        cosine: new Float32Array(0),
        residual: new Float32Array(0),
      }),
    );
    expect(s().history.steps()).toEqual([0]);
    expect(s().viewStep).toBeNull();
    expect(selectViewValues(s())).toMatchObject({ step: 0, live: true });
  });

  it('forgets the old run on a fresh status and returns to live', () => {
    const { s } = configuredStore();
    s().applyEvent(batch(1, 2));
    s().setViewStep(0);
    s().applyEvent(
      event({ type: 'status', run: 2, state: 'paused', step: 0, message: '', options: DEFAULT_OPTIONS }),
    );
    expect(s().history.length).toBe(0);
    expect(s().viewStep).toBeNull();
  });
});

describe('history and scrubbing', () => {
  it('records every state a batch carries, and scrubbing shows the recorded state', () => {
    const { s } = configuredStore();
    s().applyEvent(batch(1, 3, { snapshots: [stateAt(1), stateAt(2)] }));
    s().applyEvent(batch(1, 4));
    expect(s().history.steps()).toEqual([0, 1, 2, 3, 4]);
    expect(selectViewValues(s())).toMatchObject({ step: 4, live: true });
    s().setViewStep(2);
    const view = selectViewValues(s());
    expect(view).toMatchObject({ step: 2, live: false });
    expect(view.values?.[0][0]).toBe(2);
    s().setViewStep(0);
    expect(selectViewValues(s()).values?.[0][0]).toBe(0.5); // the feedforward state
    s().setViewStep(null);
    expect(selectViewValues(s()).values?.[0][0]).toBe(4);
  });

  it('keeps the angles of the latest batch that measured them', () => {
    const { s } = configuredStore();
    s().applyEvent(batch(1, 1, { updateAngles: [0.1, 0.2] }));
    s().applyEvent(batch(1, 2));
    expect(s().updateAngles).toEqual([0.1, 0.2]);
  });
});

describe('weights event', () => {
  it('replaces the backward weights and the feedback, keeping W', () => {
    const { s } = configuredStore();
    const w = s().weights!.w;
    const backward = [new Float32Array(32).fill(7), new Float32Array(24).fill(8)];
    s().applyEvent(event({ type: 'weights', run: 1, feedback: 'random', backward }));
    expect(s().weights!.feedback).toBe('random');
    expect(s().weights!.backward[1]![0]).toBe(8);
    expect(s().weights!.w).toBe(w);
    s().applyEvent(event({ type: 'weights', run: 0, feedback: 'exact', backward })); // stale
    expect(s().weights!.feedback).toBe('random');
  });
});

describe('selected unit', () => {
  it('defaults to layer 0, item 0, unit 0 once configured', () => {
    const store = createArStore(100);
    expect(store.getState().selected).toBeNull();
    store.getState().applyEvent(configured());
    expect(store.getState().selected).toEqual({ layer: 0, item: 0, unit: 0 });
  });

  it('takes points inside the network and ignores the rest', () => {
    const { s } = configuredStore();
    s().setSelected({ layer: 1, item: 1, unit: 2 });
    expect(s().selected).toEqual({ layer: 1, item: 1, unit: 2 });
    for (const bad of [
      { layer: 2, item: 0, unit: 0 },
      { layer: 1, item: 2, unit: 0 },
      { layer: 1, item: 0, unit: 3 },
      { layer: 0, item: 0, unit: -1 },
      { layer: 0, item: 0.5, unit: 0 },
    ])
      s().setSelected(bad);
    expect(s().selected).toEqual({ layer: 1, item: 1, unit: 2 });
    s().setSelected(null);
    expect(s().selected).toBeNull();
  });

  it('keeps a selection that still fits a new network, else falls back to the default', () => {
    const { s } = configuredStore();
    s().setSelected({ layer: 0, item: 1, unit: 7 });
    s().applyEvent(configured({ run: 2 }));
    expect(s().selected).toEqual({ layer: 0, item: 1, unit: 7 });
    s().setSelected({ layer: 1, item: 0, unit: 2 });
    const smaller = configured({
      run: 3,
      layerSizes: [8, 2],
      reference: [new Float32Array(16), new Float32Array(4)],
      weights: {
        w: [new Float32Array(32), new Float32Array(16)],
        backward: [new Float32Array(32), new Float32Array(16)],
        feedback: 'exact',
      },
      feedforward: [new Float32Array(16), new Float32Array(4)],
      values: [new Float32Array(16), new Float32Array(4)],
    });
    s().applyEvent(smaller);
    expect(s().selected).toEqual({ layer: 0, item: 0, unit: 0 });
  });

  it('does not notify subscribers when the same unit is selected again', () => {
    const { store, s } = configuredStore();
    let calls = 0;
    store.subscribe(() => calls++);
    s().setSelected({ layer: 0, item: 0, unit: 0 });
    expect(calls).toBe(0);
  });
});

describe('StateHistory search', () => {
  it('finds the nearest recorded step and steps through recorded states', async () => {
    const { StateHistory } = await import('../../src/store');
    const h = new StateHistory();
    expect(h.nearest(3)).toBeNull();
    expect(h.offset(3, 1)).toBeNull();
    for (const step of [0, 2, 3, 10]) h.push(step, [new Float32Array(1)]);
    expect([-5, 0, 1, 2, 4, 6, 7, 100].map((s) => h.nearest(s))).toEqual([0, 0, 0, 2, 3, 3, 10, 10]);
    expect(h.offset(2, 1)).toBe(3);
    expect(h.offset(3, 1)).toBe(10);
    expect(h.offset(10, 1)).toBe(10);
    expect(h.offset(3, -1)).toBe(2);
    expect(h.offset(0, -1)).toBe(0);
    expect(h.offset(5, -1)).toBe(2); // from the state shown at 5 (step 3)
    expect(h.offset(2, 10)).toBe(10);
    expect(h.offset(10, -10)).toBe(0);
    expect(h.at(5)?.step).toBe(3);
  });
});
