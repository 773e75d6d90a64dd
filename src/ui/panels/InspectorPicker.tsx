// Which unit the inspector explains: layer, batch item and unit. The network view and the traces set the same
// store field (setSelected) when a unit is clicked.

import type { NetSlice } from '../../store';
import type { TracePoint } from '../../protocol';

interface PickerProps {
  net: NetSlice;
  selected: TracePoint;
  layerName(l: number): string;
  onSelect(p: TracePoint): void;
}

export function InspectorPicker({ net, selected, layerName, onSelect }: PickerProps) {
  const pick = (patch: Partial<TracePoint>) => {
    const next = { ...selected, ...patch };
    next.unit = Math.min(next.unit, net.layerSizes[next.layer] - 1);
    onSelect(next);
  };
  const numberField = (key: 'item' | 'unit', label: string, max: number, tip: string) => (
    <label className="insp-field" title={tip}>
      {label}
      <input
        type="number"
        min={0}
        max={max}
        step={1}
        value={selected[key]}
        aria-label={`Inspector ${key}`}
        onChange={(e) => {
          const x = Number(e.target.value);
          if (e.target.value !== '' && Number.isInteger(x) && x >= 0 && x <= max) pick({ [key]: x });
        }}
      />
    </label>
  );
  return (
    <div className="insp-picker" role="group" aria-label="Unit to inspect">
      <label className="insp-field" title="Layer of the unit (the output layer is clamped)">
        Layer
        <select
          aria-label="Inspector layer"
          value={selected.layer}
          onChange={(e) => pick({ layer: Number(e.target.value) })}
        >
          {net.layerSizes.map((n, l) => (
            <option key={l} value={l}>
              {layerName(l)} ({n} units)
            </option>
          ))}
        </select>
      </label>
      {numberField('item', 'Item', net.batchSize - 1, `Batch item, 0 – ${net.batchSize - 1}`)}
      {numberField(
        'unit',
        'Unit',
        net.layerSizes[selected.layer] - 1,
        `Unit within the layer, 0 – ${net.layerSizes[selected.layer] - 1}`,
      )}
    </div>
  );
}
