// Network files through the worker boundary: the new commands and event validate, the run loop exports the
// network and imports one (same batch, step 0), and a bad file is refused without touching the run.

import { describe, expect, it } from 'vitest';
import {
  MAX_SNAPSHOT_CHARS,
  parseCommand,
  parseEvent,
  PROTOCOL_VERSION,
  type EventOf,
} from '../../src/protocol';
import { harness } from './loopHarness';

const v = PROTOCOL_VERSION;

describe('snapshot messages', () => {
  it('accepts well-formed commands and events and names what is wrong otherwise', () => {
    expect(parseCommand({ v, type: 'exportSnapshot' }).ok).toBe(true);
    expect(parseCommand({ v, type: 'importSnapshot', text: '{}' }).ok).toBe(true);
    expect(parseEvent({ v, type: 'snapshot', run: 1, step: 0, text: '{}' }).ok).toBe(true);
    const noText = parseCommand({ v, type: 'importSnapshot' });
    expect(noText.ok).toBe(false);
    expect(!noText.ok && noText.reason).toMatch(/importSnapshot\.text/);
    const notString = parseCommand({ v, type: 'importSnapshot', text: { format: 'x' } });
    expect(!notString.ok && notString.reason).toMatch(/must be a string/);
    const huge = parseCommand({ v, type: 'importSnapshot', text: 'x'.repeat(MAX_SNAPSHOT_CHARS + 1) });
    expect(!huge.ok && huge.reason).toMatch(/longer than/);
    expect(parseEvent({ v, type: 'snapshot', run: -1, step: 0, text: '' }).ok).toBe(false);
  });
});

describe('RunLoop network files (cpu backend)', () => {
  it('exports the network and imports it back at step 0 on the same batch', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 1 });
    const first = await h.waitFor('configured');
    h.send({ type: 'exportSnapshot' });
    const snap = await h.waitFor('snapshot');
    expect(snap.step).toBe(0);
    const file = JSON.parse(snap.text);
    expect(file.format).toBe('ar-explorer-network');
    expect(file.layers).toHaveLength(4);

    // Relax away from step 0; importing the file brings back the step-0 state.
    h.send({ type: 'step', n: 7 });
    await h.waitFor('status', (e) => e.state === 'paused' && e.step === 7);
    h.send({ type: 'importSnapshot', text: snap.text });
    const imported = await h.waitFor('configured', (e) => e.run > first.run);
    expect(imported.summary).toMatch(/Imported network file/);
    expect(imported.layerSizes).toEqual(first.layerSizes);
    for (let l = 0; l < first.values.length; l++) {
      expect(Array.from(imported.values[l])).toEqual(Array.from(first.values[l]));
      expect(Array.from(imported.reference[l])).toEqual(Array.from(first.reference[l]));
    }
    await h.waitFor('status', (e) => e.run === imported.run && e.step === 0);

    // Another seed has other weights (and another batch); importing replaces its weights with the file's.
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 9 });
    const other = await h.waitFor('configured', (e) => e.seed === 9);
    expect(Array.from(other.weights.w[0]!)).not.toEqual(Array.from(first.weights.w[0]!));
    h.send({ type: 'importSnapshot', text: snap.text });
    const replaced = await h.waitFor('configured', (e) => e.run > other.run);
    for (let l = 0; l < first.weights.w.length; l++)
      expect(Array.from(replaced.weights.w[l]!)).toEqual(Array.from(first.weights.w[l]!));
  });

  it('refuses a bad file with a clear message and leaves the run as it was', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 2 });
    const conf = await h.waitFor('configured');
    h.send({ type: 'step', n: 3 });
    await h.waitFor('status', (e) => e.state === 'paused' && e.step === 3);

    h.send({ type: 'exportSnapshot' });
    const good = JSON.parse((await h.waitFor('snapshot')).text);
    const cases: [string, RegExp][] = [
      ['{ not json', /not valid JSON/],
      [JSON.stringify({ hello: 1 }), /not an AR Explorer network file/],
      [JSON.stringify({ ...good, layers: good.layers.slice(1) }), /Expected 4 layers/],
      [
        JSON.stringify({ ...good, layers: [{ ...good.layers[0], w: [1, 2] }, ...good.layers.slice(1)] }),
        /has 2 values/,
      ],
      // A valid file of another shape: it cannot relax on this batch.
      [JSON.stringify({ ...good, spec: { ...good.spec, sizes: [5, 8, 8, 8, 3] } }), /./],
    ];
    for (const [text, message] of cases) {
      const before = h.events.length;
      h.send({ type: 'importSnapshot', text });
      const err = await h.waitFor('error', (e) => h.events.indexOf(e) >= before);
      expect(err.code).toBe('invalid-snapshot');
      expect(err.fatal).toBe(false);
      expect(err.message).toMatch(message);
    }
    expect(h.events.filter((e) => e.type === 'configured')).toHaveLength(1);
    // The run goes on from where it was.
    h.send({ type: 'step', n: 2 });
    const status = await h.waitFor('status', (e) => e.step === 5);
    expect(status.run).toBe(conf.run);
  });

  it('refuses a file whose network does not fit the current batch', async () => {
    const h = harness();
    h.send({ type: 'forceBackend', backend: 'cpu' });
    h.send({ type: 'configure', preset: 'residual', data: 'spiral', seed: 0 });
    await h.waitFor('configured');
    h.send({ type: 'exportSnapshot' });
    const residual = (await h.waitFor('snapshot')).text;
    h.send({ type: 'configure', preset: 'small', data: 'random', seed: 0 });
    const small = await h.waitFor('configured', (e) => e.preset === 'small');
    h.send({ type: 'importSnapshot', text: residual });
    const err: EventOf<'error'> = await h.waitFor('error');
    expect(err.message).toMatch(/inputs of shape \[2\] with 2 outputs.*\[4\] and 3 classes/);
    expect(h.events.filter((e) => e.type === 'configured').at(-1)).toBe(small);
  });
});
