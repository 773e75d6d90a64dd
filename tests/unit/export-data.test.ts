// The CSV / JSON builders behind the panels' export menus: columns, rows, quoting, and what a ring buffer
// that has wrapped around writes (only the steps it still holds, oldest first).

import { describe, expect, it } from 'vitest';
import { SPIRAL_LAB } from '../../src/protocol';
import type { LabCurves } from '../../src/store/labStore';
import { Trajectories } from '../../src/store/trajectories';
import { slug, toCsv } from '../../src/ui/export/csv';
import { curvesCsv, evalsCsv, labJson } from '../../src/ui/export/labData';
import { metricsCsv, trajectoriesJson, tracesCsv, type RunInfo } from '../../src/ui/export/trajectoryData';
import { batch } from './eventFixtures';

/** A small RFC 4180 reader (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

const run: RunInfo = {
  preset: 'small',
  seed: 3,
  step: 2,
  summary: 'test net',
  layerIds: ['h1', 'h2', 'out'],
  hidden: [0, 1],
};

function twoSteps(capacity = 100): Trajectories {
  const traj = new Trajectories(capacity);
  const traces = [{ layer: 1, item: 0, unit: 4 }];
  traj.append(
    batch(1, 2, {
      layers: 2,
      stepIndex: Int32Array.from([1, 2]),
      // step-major: [row * H + k]
      relError: Float32Array.from([0.5, 0.25, 0.125, 0.0625]),
      sqError: Float32Array.from([1, 2, 3, 4]),
      cosine: Float32Array.from([0.1, 0.2, 0.3, 0.4]),
      residual: Float32Array.from([9, 8, 7, NaN]),
      traces,
      traceValue: Float32Array.from([0.5, 0.75]),
      traceTarget: Float32Array.from([1, 1]),
    }),
  );
  return traj;
}

describe('csv', () => {
  it('quotes only fields that need it and leaves non-finite numbers empty', () => {
    const text = toCsv(
      ['a', 'b,c', 'say "hi"'],
      [
        [1, 'x', NaN],
        [null, 'line\nbreak', 2.5],
      ],
    );
    expect(text).toBe('a,"b,c","say ""hi"""\r\n1,x,\r\n,"line\nbreak",2.5\r\n');
  });

  it('makes file-name slugs', () => {
    expect(slug('AR vs backprop')).toBe('ar-vs-backprop');
    expect(slug('Batch and weight updates')).toBe('batch-and-weight-updates');
    expect(slug('***')).toBe('panel');
  });
});

describe('trajectory exports', () => {
  it('writes one row per recorded step and one column per metric and hidden layer', () => {
    const rows = parseCsv(metricsCsv(twoSteps(), run));
    expect(rows[0]).toEqual([
      'step',
      'relError:h1',
      'relError:h2',
      'sqError:h1',
      'sqError:h2',
      'cosine:h1',
      'cosine:h2',
      'residual:h1',
      'residual:h2',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1].slice(0, 3).map(Number)).toEqual([1, 0.5, 0.25]);
    expect(rows[2][0]).toBe('2');
    expect(rows[2][8]).toBe(''); // NaN residual
    expect(Number(rows[2][3])).toBe(3);
  });

  it('writes v and target of each traced unit, named by layer, item and unit', () => {
    const rows = parseCsv(tracesCsv(twoSteps(), run));
    expect(rows[0]).toEqual(['step', 'v:h2[item 0, unit 4]', 'target:h2[item 0, unit 4]']);
    expect(rows.slice(1).map((r) => r.map(Number))).toEqual([
      [1, 0.5, 1],
      [2, 0.75, 1],
    ]);
  });

  it('keeps only what a wrapped ring buffer still holds', () => {
    const rows = parseCsv(metricsCsv(twoSteps(1), run));
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe('2');
  });

  it('writes JSON that parses, with nulls for non-finite values', () => {
    const json = JSON.parse(JSON.stringify(trajectoriesJson(twoSteps(), run)));
    expect(json.format).toBe('ar-explorer-trajectories');
    expect(json.steps).toEqual([1, 2]);
    expect(json.layers.map((l: { id: string }) => l.id)).toEqual(['h1', 'h2']);
    expect(json.layers[1].residual).toEqual([8, null]);
    expect(json.traces[0]).toMatchObject({ layer: 1, layerId: 'h2', unit: 4, steps: [1, 2], v: [0.5, 0.75] });
  });
});

describe('training curve exports', () => {
  const config = { ...SPIRAL_LAB, conditions: SPIRAL_LAB.conditions.slice(0, 2) };
  const info = { config, preset: 'spiral' };
  const [a, b] = config.conditions;
  const curves: LabCurves = {
    batch: [1, 2, 3],
    loss: [
      [3, 2, 1],
      [4, 3, 2],
    ],
    angles: [[], [[Math.PI / 2, Math.PI / 4, 0]]],
    alignment: [[], []],
  };

  it('writes loss per condition and angles in degrees per condition and layer', () => {
    const rows = parseCsv(curvesCsv(curves, info));
    expect(rows[0]).toEqual(['batch', `loss:${a}`, `loss:${b}`, `angleDeg:${b}:layer1`]);
    expect(rows.slice(1).map((r) => r.map(Number))).toEqual([
      [1, 3, 4, 90],
      [2, 2, 3, 45],
      [3, 1, 2, 0],
    ]);
  });

  it('writes the test evaluations and JSON with labels', () => {
    const evals = [{ batch: 10, epoch: 1, accuracy: [0.5, 0.75], testLoss: [1.5, 1.25] }];
    const rows = parseCsv(evalsCsv(evals, info));
    expect(rows[0]).toEqual([
      'batch',
      'epoch',
      `accuracy:${a}`,
      `accuracy:${b}`,
      `testLoss:${a}`,
      `testLoss:${b}`,
    ]);
    expect(rows[1].map(Number)).toEqual([10, 1, 0.5, 0.75, 1.5, 1.25]);
    const json = JSON.parse(JSON.stringify(labJson(curves, evals, info)));
    expect(json.conditions[1].angleDeg[0]).toEqual([90, 45, 0]);
    expect(json.conditions[0].label).toBeTruthy();
    expect(json.evals).toEqual(evals);
  });
});
