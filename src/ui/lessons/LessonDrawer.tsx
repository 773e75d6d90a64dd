// The lesson drawer: one step at a time, typeset, with Previous / Next and "step k of n". Moving to a step
// applies its state like a link would; the panels beside it keep running.

import { useClient } from '../clientContext';
import { applyShareState, completeState } from '../share/apply';
import { useControl, useUiStore } from '../share/uiStore';
import { lessonStepState, LESSONS, AR_LESSON } from './lessons';
import { Prose, Tex } from './Tex';
import './lessons.css';

function useGoTo() {
  const client = useClient();
  return (id: string, step: number) => {
    const state = lessonStepState(id, step);
    if (state) applyShareState(client, completeState(state));
  };
}

/** Header button: opens the lesson at its first step (or closes it). */
export function LessonButton() {
  const lesson = useUiStore((s) => s.lesson);
  const set = useUiStore((s) => s.set);
  const { hidden } = useControl('lessons');
  const goTo = useGoTo();
  if (hidden) return null;
  return (
    <button
      type="button"
      className="btn"
      aria-pressed={lesson !== null}
      title="A guided lesson: from the credit-assignment problem to training with AR"
      onClick={() => (lesson ? set({ lesson: null, lessonStep: 0 }) : goTo(AR_LESSON.id, 0))}
    >
      Lesson
    </button>
  );
}

export function LessonDrawer() {
  const id = useUiStore((s) => s.lesson);
  const index = useUiStore((s) => s.lessonStep);
  const set = useUiStore((s) => s.set);
  const goTo = useGoTo();
  const lesson = id ? LESSONS[id] : undefined;
  const step = lesson?.steps[index];
  if (!lesson || !step) return null;
  const n = lesson.steps.length;

  return (
    <aside className="lesson-drawer" role="region" aria-label="Lesson">
      <header className="lesson-head">
        <span className="lesson-progress" data-testid="lesson-progress">
          Step {index + 1} of {n}
        </span>
        <progress max={n} value={index + 1} aria-hidden="true" />
        <button
          type="button"
          className="icon-button"
          aria-label="Close the lesson"
          title="Close"
          onClick={() => set({ lesson: null, lessonStep: 0 })}
        >
          ×
        </button>
      </header>
      <h2>{step.title}</h2>
      {step.text.map((p, i) => (
        <p key={i}>
          <Prose text={p} />
        </p>
      ))}
      <Tex tex={step.equation} display />
      {step.after.map((p, i) => (
        <p key={i}>
          <Prose text={p} />
        </p>
      ))}
      <p className="lesson-try">
        <b>Try this:</b> {step.tryThis}
      </p>
      <nav className="lesson-nav" aria-label="Lesson steps">
        <button
          type="button"
          className="btn"
          disabled={index === 0}
          onClick={() => goTo(lesson.id, index - 1)}
        >
          Previous
        </button>
        <button
          type="button"
          className="btn primary"
          disabled={index === n - 1}
          onClick={() => goTo(lesson.id, index + 1)}
        >
          Next
        </button>
      </nav>
    </aside>
  );
}
