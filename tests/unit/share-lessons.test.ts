// The lesson: 6–8 steps, every step a state a link can carry, and every formula valid TeX (KaTeX is strict
// here, so a typo fails the test instead of showing red source to a class).

import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { AR_LESSON, lessonStepState } from '../../src/ui/lessons/lessons';
import { parseShare, serialiseShare } from '../../src/ui/share/codec';
import { defaultShareState } from '../../src/ui/share/schema';

const inlineTex = (text: string) => text.split('$').filter((_, i) => i % 2 === 1);

describe('the AR lesson', () => {
  it('has 6 to 8 steps, each with text, an equation and something to try', () => {
    expect(AR_LESSON.steps.length).toBeGreaterThanOrEqual(6);
    expect(AR_LESSON.steps.length).toBeLessThanOrEqual(8);
    for (const s of AR_LESSON.steps) {
      expect(s.title).not.toBe('');
      expect(s.text.length + s.after.length).toBeGreaterThan(0);
      expect(s.tryThis).not.toBe('');
    }
  });

  it('every formula typesets', () => {
    for (const s of AR_LESSON.steps) {
      expect(() => katex.renderToString(s.equation, { displayMode: true, throwOnError: true })).not.toThrow();
      for (const p of [...s.text, ...s.after]) {
        expect(p.split('$').length % 2, `unbalanced $ in: ${p}`).toBe(1);
        for (const tex of inlineTex(p))
          expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
      }
    }
  });

  it('every step is a state a link carries, lesson and step included', () => {
    AR_LESSON.steps.forEach((_, k) => {
      const s = { ...defaultShareState(), ...lessonStepState('ar', k) };
      const back = parseShare(serialiseShare(s));
      expect(back.problems).toEqual([]);
      expect(back.state).toEqual(s);
      expect(back.state).toMatchObject({ lesson: 'ar', lessonStep: k });
    });
    expect(lessonStepState('ar', AR_LESSON.steps.length)).toBeNull();
    expect(lessonStepState('nope', 0)).toBeNull();
  });

  it('states the relaxation rule and the clamped output the engine implements', () => {
    const all = AR_LESSON.steps.map((s) => [s.equation, ...s.text, ...s.after].join(' ')).join(' ');
    expect(all).toContain("B_{l+1}\\big(v_{l+1} \\odot f'(a_{l+1})\\big)");
    expect(all).toContain('v_L = e_L');
    expect(all).toContain("x_{l-1}^{\\top}\\big(v_l \\odot f'(a_l)\\big)");
  });
});
