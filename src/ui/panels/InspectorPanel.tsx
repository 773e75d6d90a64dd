// Temporary frame: this panel is being built (issue 4); it only reserves its place in the layout.
import { Panel } from '../Panel';

export function InspectorPanel() {
  return (
    <Panel name="Inspector" title="Chain-rule inspector" span="narrow">
      <p className="muted">Coming with the panels issue.</p>
    </Panel>
  );
}
