// Temporary frame: this panel is being built (issue 4); it only reserves its place in the layout.
import { Panel } from '../Panel';

export function NetworkPanel() {
  return (
    <Panel name="Network" title="Network" span="wide">
      <p className="muted">Coming with the panels issue.</p>
    </Panel>
  );
}
