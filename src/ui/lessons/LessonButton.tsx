// The header's Lesson button: opens the lesson at its first step (or closes it). Kept apart from the drawer
// so the drawer, with KaTeX and its fonts, loads only when a lesson is opened.

import { useClient } from '../clientContext';
import { applyShareState, completeState } from '../share/apply';
import { useControl, useUiStore } from '../share/uiStore';
import { AR_LESSON, lessonStepState } from './lessons';

export function useGoTo() {
  const client = useClient();
  return (id: string, step: number) => {
    const state = lessonStepState(id, step);
    if (state) applyShareState(client, completeState(state));
  };
}

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
