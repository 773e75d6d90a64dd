// Choose a unit to trace: layer, unit and batch item, with the limits of the network in view.

import { useState } from 'react';
import type { TracePoint } from '../../protocol';
import type { NetSlice } from '../../store';
import { panelTheme } from '../theme';

interface PickerProps {
  net: NetSlice;
  traces: TracePoint[];
  onAdd: (p: TracePoint) => void;
}

/** "Layer 2" for hidden layers, "Output" for the clamped output layer. */
export function layerName(net: NetSlice, layer: number): string {
  const k = net.hidden.indexOf(layer);
  return k >= 0
    ? `Layer ${k + 1}`
    : layer === net.layerSizes.length - 1
      ? 'Output'
      : `Layer ${net.layerIds[layer]}`;
}

const clampInt = (x: number, hi: number) => Math.min(Math.max(Math.round(Number.isFinite(x) ? x : 0), 0), hi);

export function TracesPicker({ net, traces, onAdd }: PickerProps) {
  const [layer, setLayer] = useState(net.hidden[0] ?? 0);
  const [unit, setUnit] = useState(0);
  const [item, setItem] = useState(0);
  const units = net.layerSizes[layer] ?? 1;
  const p = { layer, unit: clampInt(unit, units - 1), item: clampInt(item, net.batchSize - 1) };
  const dup = traces.some((t) => t.layer === p.layer && t.unit === p.unit && t.item === p.item);
  const full = traces.length >= panelTheme.traces.max;
  const reason = full
    ? `At most ${panelTheme.traces.max} traces: remove one first`
    : dup
      ? 'Already traced'
      : '';
  const layers = [...net.hidden, net.layerSizes.length - 1];

  return (
    <form
      className="traces-picker"
      aria-label="Trace a unit"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason) onAdd(p);
      }}
    >
      <span className="traces-picker-label">Trace a unit</span>
      <label>
        Layer
        <select value={layer} onChange={(e) => setLayer(Number(e.target.value))}>
          {layers.map((l) => (
            <option key={l} value={l}>
              {layerName(net, l)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Unit <span className="muted">(0–{units - 1})</span>
        <input
          type="number"
          min={0}
          max={units - 1}
          step={1}
          value={unit}
          onChange={(e) => setUnit(Number(e.target.value))}
        />
      </label>
      <label>
        Item <span className="muted">(0–{net.batchSize - 1})</span>
        <input
          type="number"
          min={0}
          max={net.batchSize - 1}
          step={1}
          value={item}
          onChange={(e) => setItem(Number(e.target.value))}
        />
      </label>
      <button
        type="submit"
        className="btn"
        disabled={reason !== ''}
        title={reason || 'Record this unit from the next step on'}
      >
        + Trace
      </button>
      {reason && <span className="muted small">{reason}</span>}
    </form>
  );
}
