// Which TF.js backend the worker runs on (renderer in the tooltip), and a way to force one.

import { BACKEND_CHOICES, type BackendChoice } from '../../protocol';
import { selectBackendTooltip, useArStore } from '../../store';
import { useClient } from '../clientContext';

const LABELS: Record<BackendChoice, string> = { auto: 'Auto', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

export function BackendBadge() {
  const client = useClient();
  const backend = useArStore((s) => s.run.backend);
  const software = useArStore((s) => s.run.software);
  const choice = useArStore((s) => s.config.backend);
  const tooltip = useArStore(selectBackendTooltip);

  return (
    <div className="field backend">
      <label htmlFor="backend">Backend</label>
      <span className="joined">
        <span
          className={`badge ${backend ?? 'none'}`}
          data-testid="backend-badge"
          data-backend={backend ?? ''}
          title={tooltip}
          tabIndex={0}
          aria-label={`Active backend: ${backend ?? 'starting'}. ${tooltip}`}
        >
          {backend ?? '…'}
          {backend === 'webgl' && software ? ' (sw)' : ''}
        </span>
        <select
          id="backend"
          value={choice}
          title="Force a backend (auto prefers wasm on a software WebGL renderer)"
          onChange={(e) => client.forceBackend(e.target.value as BackendChoice)}
        >
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {LABELS[b]}
            </option>
          ))}
        </select>
      </span>
    </div>
  );
}
