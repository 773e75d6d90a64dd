// The "Presets" menu: the paper's figures and the classic experiments, each applied like a link.

import { useClient } from '../clientContext';
import { applyShareState, completeState } from './apply';
import { PRESET_LIST } from './presets';
import { useControl } from './uiStore';

export function PresetsMenu() {
  const client = useClient();
  const { hidden } = useControl('presets');
  if (hidden) return null;
  return (
    <select
      className="presets-menu"
      aria-label="Presets"
      title="Load an experiment from the paper"
      value=""
      onChange={(e) => {
        const preset = PRESET_LIST.find((p) => p.id === e.target.value);
        if (preset) applyShareState(client, completeState(preset.state));
      }}
    >
      <option value="" disabled>
        Presets…
      </option>
      {PRESET_LIST.map((p) => (
        <option key={p.id} value={p.id} title={p.hint}>
          {p.label}
        </option>
      ))}
    </select>
  );
}
