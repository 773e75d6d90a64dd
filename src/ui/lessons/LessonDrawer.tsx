// The lesson drawer: one step at a time, typeset, with Previous / Next and "step k of n". Moving to a step
// applies its state like a link would; the panels beside it keep running.

import { useUiStore } from '../share/uiStore';
import { useGoTo } from './LessonButton';
import { LESSONS } from './lessons';
import { Prose, Tex } from './Tex';
import './lessons.css';

/** Default export for React.lazy (App loads this chunk only when a lesson is open). */
export default function LessonDrawer() {
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
