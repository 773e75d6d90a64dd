// Temporary frame: this panel is being built (issue 4); it only reserves its place in the layout.
import { Panel } from '../Panel';

export function ScatterPanel() {
  return (
    <Panel name="AR vs backprop" title="AR vs backprop" span="half">
      <p className="muted">Coming with the panels issue.</p>
    </Panel>
  );
}
