// The notice for a link with entries the app could not use: they were ignored, and it says which.

import { useUiStore } from './uiStore';

export function LinkNotice() {
  const problems = useUiStore((s) => s.problems);
  const set = useUiStore((s) => s.set);
  if (problems.length === 0) return null;
  return (
    <div className="link-notice" role="alert" data-testid="link-notice">
      <p>
        <b>Some link settings were ignored:</b> {problems.join('; ')}. Everything else was loaded.
      </p>
      <button type="button" className="btn" onClick={() => set({ problems: [] })}>
        Dismiss
      </button>
    </div>
  );
}
