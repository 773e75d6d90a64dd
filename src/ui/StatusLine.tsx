// One line saying what the run is doing (role="status", so assistive tech announces changes politely).

import { selectStatusText, useArStore } from '../store';

export function StatusLine() {
  const text = useArStore(selectStatusText);
  const state = useArStore((s) => s.run.state);
  const error = useArStore((s) => s.run.error !== null && s.run.state !== 'running');
  const notice = useArStore((s) => s.run.notice);
  return (
    <p role="status" className={`status ${error ? 'error' : state}`} data-state={state}>
      <span className="dot" aria-hidden="true" />
      <span>{text}</span>
      {notice && <span className="notice">{notice}</span>}
    </p>
  );
}
