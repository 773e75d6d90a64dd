// The shareable state's link format: every property survives a round trip, defaults stay out of the link,
// old query links still load, and no input, however mangled, throws or gets past the parsers.

import { describe, expect, it } from 'vitest';
import { PAPER_LAB, SPIRAL_LAB } from '../../src/protocol/lab';
import { parseShare, serialiseShare } from '../../src/ui/share/codec';
import { PRESET_LIST } from '../../src/ui/share/presets';
import { defaultShareState, SHARE_PROPS, type ShareState } from '../../src/ui/share/schema';

const everythingChanged = (): ShareState => ({
  ...defaultShareState(),
  view: 'lab',
  preset: 'mnist',
  data: 'random',
  seed: 42,
  backend: 'wasm',
  eta: 2.2,
  speed: 'max',
  schedule: 'sequential',
  feedback: 'learned',
  fprime: false,
  frozen: false,
  init: 'zeros',
  allowUnstable: true,
  tolerance: 0,
  traces: [
    { layer: 0, item: 1, unit: 2 },
    { layer: 2, item: 0, unit: 99 },
  ],
  go: 100,
  play: true,
  metric: 'oneMinusCos',
  overlay: true,
  collapsed: ['network', 'traces'],
  lab: 'paper',
  labDraft: { ...PAPER_LAB, eta: 0.3, hidden: [64, 32], conditions: ['bp', 'ar-random'] },
  lesson: 'ar',
  lessonStep: 3,
  hide: ['inspector', 'presets'],
  lock: ['eta', 'feedback'],
  embed: true,
});

describe('share link codec', () => {
  it('the default state is the empty hash, and parses back to the defaults', () => {
    expect(serialiseShare(defaultShareState())).toBe('');
    expect(parseShare('')).toEqual({ state: defaultShareState(), problems: [] });
  });

  it('round-trips a state that changes every property', () => {
    const s = everythingChanged();
    const hash = serialiseShare(s);
    expect(hash.startsWith('#')).toBe(true);
    const back = parseShare(hash);
    expect(back.problems).toEqual([]);
    expect(back.state).toEqual(s);
    // Every shared property is in the link (so the list really is the whole state).
    for (const p of SHARE_PROPS) if (p.shared) expect(hash).toContain(`${p.name}=`);
  });

  it('writes only what differs from the defaults, readably', () => {
    const hash = serialiseShare({ ...defaultShareState(), eta: 0.5, collapsed: ['network', 'scatter'] });
    expect(hash).toBe('#eta=0.5&collapsed=network,scatter');
  });

  it('writes the lab draft as the fields that differ from its named preset', () => {
    const hash = serialiseShare({
      ...defaultShareState(),
      lab: 'paper',
      labDraft: { ...PAPER_LAB, epochs: 3 },
    });
    expect(hash).toBe('#lab=paper&l.ep=3');
    expect(parseShare(hash).state.labDraft).toEqual({ ...PAPER_LAB, epochs: 3 });
  });

  it('still reads old links that kept the state in the query; the hash wins', () => {
    const { state, problems } = parseShare('#eta=0.7', '?preset=mnist&eta=0.3&fprime=0&debug=1&utm=x');
    expect(problems).toEqual([]);
    expect(state).toMatchObject({ preset: 'mnist', eta: 0.7, fprime: false, debug: true });
  });

  it('never writes debug into a link', () => {
    expect(serialiseShare({ ...defaultShareState(), debug: true })).toBe('');
  });

  it('every preset is a state the codec can carry', () => {
    for (const p of PRESET_LIST) {
      const s = { ...defaultShareState(), ...p.state };
      expect(parseShare(serialiseShare(s)), p.id).toEqual({ state: s, problems: [] });
    }
  });
});

describe('malformed links', () => {
  it('ignores unknown and malformed entries, names each, and keeps the rest', () => {
    const { state, problems } = parseShare(
      '#eta=abc&seed=-4&preset=vgg&foo=1&fprime=maybe&collapsed=network,nope&traces=1.2&speed=0&schedule=parallel&l.nope=3&l.eta=7',
    );
    expect(state).toMatchObject({ eta: 0.1, seed: 1, preset: 'small', fprime: true, collapsed: [] });
    expect(state.traces).toEqual([]);
    expect(state.labDraft).toBeNull();
    expect(problems).toEqual([
      'eta=abc (malformed)',
      'seed=-4 (malformed)',
      'preset=vgg (malformed)',
      'foo (unknown)',
      'fprime=maybe (malformed)',
      'collapsed=network,nope (malformed)',
      'traces=1.2 (malformed)',
      'speed=0 (malformed)',
      'l.nope (unknown)',
      'l.eta=7 (malformed)',
    ]);
  });

  it('rejects combinations the worker would refuse', () => {
    const bad = parseShare('#preset=small&data=mnist&eta=2.5');
    expect(bad.state.data).toBeNull();
    expect(bad.state.eta).toBe(0.1);
    expect(bad.problems).toEqual([
      'data=mnist (not for the small network)',
      'eta=2.5 (unstable: needs unstable=1)',
    ]);
    expect(parseShare('#eta=2.5&unstable=1').problems).toEqual([]);
  });

  it('drops lab overrides that together make an invalid experiment', () => {
    // Each field is in range, but a CNN needs an image data set.
    const { state, problems } = parseShare('#lab=paper&l.data=spiral&l.arch=cnn');
    expect(state.labDraft).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^lab settings/);
  });

  it('survives anything: broken escapes, huge values, odd separators', () => {
    const inputs = [
      '#%E0%A4%A',
      '#eta=%ZZ',
      '#&&&=&==',
      '#' + 'x'.repeat(100_000),
      '#eta=1e400',
      '#seed=1.5',
      '#traces=' + Array.from({ length: 40 }, () => '0.0.0').join(','),
      '#lesson=../../etc',
      '#step=NaN',
      '#eta=Infinity',
      '#speed=max&speed=3',
      '#=3',
    ];
    for (const hash of inputs) {
      const { state, problems } = parseShare(hash);
      expect(state.eta).toBeGreaterThan(0);
      expect(Number.isFinite(state.seed)).toBe(true);
      expect(Array.isArray(problems)).toBe(true);
    }
    expect(parseShare('#seed=1.5').problems).toEqual(['seed=1.5 (malformed)']);
    expect(parseShare('#lesson=../../etc').state.lesson).toBeNull();
  });

  it('only reports the query keys it owns (the query may carry other things)', () => {
    expect(parseShare('', '?utm_source=mail&eta=zz').problems).toEqual(['eta=zz (malformed)']);
  });

  it('keeps the spiral default when no lab key is given', () => {
    expect(parseShare('#view=lab').state).toMatchObject({ lab: null, labDraft: null });
    expect(parseShare('#l.ep=5').state.labDraft).toEqual({ ...SPIRAL_LAB, epochs: 5 });
  });
});
