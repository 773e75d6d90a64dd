// Temporary frame: this panel is being built (issue 4); it only reserves its place in the layout.
import { Panel } from '../Panel';

export function TimelinePanel() {
  return (
    <Panel name="Timeline" title="Timeline" span="full">
      <p className="muted">Coming with the panels issue.</p>
    </Panel>
  );
}
