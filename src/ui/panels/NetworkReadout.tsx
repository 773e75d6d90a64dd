// The network view's numbers as text: per layer, how far the shown example's v is from g (for screen
// readers, tests, and anyone who wants the figure's numbers), and the traced units with their v and g.

import type { TracePoint } from '../../protocol';
import type { NetSlice } from '../../store';
import { dataValue, sci } from '../format';
import { layerColor } from '../theme';
import { itemRow, type LayerView } from './networkData';
import { isChain } from './networkLayout';

/** "Layer 2" as the other panels say; a graph net's node also by its id: "conv1 (layer 1)". */
export function layerName(net: NetSlice, layer: number): string {
  const k = net.hidden.indexOf(layer);
  const name = k >= 0 ? `Layer ${k + 1}` : layer === net.layerSizes.length - 1 ? 'Output' : `Layer ${layer}`;
  return k < 0 || isChain(net) ? name : `${net.layerIds[layer]} (layer ${k + 1})`;
}

/** Units per item, or the shape of a graph net's node ("24×24×6"). */
const sizeOf = (net: NetSlice, layer: number) =>
  isChain(net) ? String(net.layerSizes[layer]) : (net.graph[layer]?.shape.join('×') ?? '');

const rel = (l: LayerView) => (l.maxDiff !== null && l.maxG ? l.maxDiff / l.maxG : null);

export function LayerTable({ net, views, caption }: { net: NetSlice; views: LayerView[]; caption: string }) {
  const hidden = views.filter((l) => net.hidden.includes(l.layer));
  const worst = hidden.reduce<number | null>((m, l) => {
    const r = rel(l);
    return r === null ? m : Math.max(m ?? 0, r);
  }, null);
  return (
    <table className="readout network-table">
      <caption>
        {caption} · worst hidden layer max |v − g| / max |g|:{' '}
        <span className="num" data-testid="network-maxrel" data-value={dataValue(worst)}>
          {sci(worst)}
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col" title="Largest |g| = |∂Loss/∂x| over this example's units">
            max |g|
          </th>
          <th scope="col" title="Largest distance of a unit's relaxing value from its backprop target">
            max |v − g|
          </th>
          <th scope="col" title="Mean over this example's units of |v − g|">
            mean |v − g|
          </th>
        </tr>
      </thead>
      <tbody>
        {views.map((l) => {
          const k = net.hidden.indexOf(l.layer);
          const id = k >= 0 ? `layer-${k + 1}` : 'output';
          const name = layerName(net, l.layer);
          return (
            <tr key={l.layer}>
              <th scope="row">
                {k >= 0 && (
                  <span className="swatch" style={{ background: layerColor(k) }} aria-hidden="true" />
                )}
                {name}
                <span className="muted"> · {sizeOf(net, l.layer)}</span>
                {k < 0 && (
                  <span className="muted">
                    {' '}
                    · clamped to e<sub>L</sub>
                  </span>
                )}
              </th>
              <td className="num" data-testid={`network-maxg-${id}`} data-value={dataValue(l.maxG)}>
                {sci(l.maxG)}
              </td>
              <td
                className="num"
                data-testid={`network-maxdiff-${id}`}
                data-value={dataValue(l.maxDiff)}
                aria-label={`${name} max |v − g| ${sci(l.maxDiff)}`}
              >
                {sci(l.maxDiff)}
              </td>
              <td className="num" data-testid={`network-meandiff-${id}`} data-value={dataValue(l.meanDiff)}>
                {sci(l.meanDiff)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface TraceListProps {
  net: NetSlice;
  traces: TracePoint[];
  values: Float32Array[] | null;
  reference: Float32Array[] | null;
  onRemove(t: TracePoint): void;
  onShow(t: TracePoint): void;
}

/** Traced units as chips: the numbers, a button to show the unit's example, and one to untrace it. */
export function TraceList({ net, traces, values, reference, onRemove, onShow }: TraceListProps) {
  if (!traces.length)
    return (
      <p className="network-hint muted">Click or tap a unit to trace it (and select it for the inspector).</p>
    );
  return (
    <ul className="network-traces" aria-label="Traced units">
      {traces.map((t, i) => {
        const n = net.layerSizes[t.layer] ?? 0;
        const v = itemRow(values?.[t.layer], t.item, n)?.[t.unit];
        const g = itemRow(reference?.[t.layer], t.item, n)?.[t.unit];
        const label = `${layerName(net, t.layer)}, unit ${t.unit}, example ${t.item + 1}`;
        return (
          <li
            key={`${t.layer}:${t.item}:${t.unit}`}
            className="network-chip"
            data-testid={`network-trace-${i}`}
            data-value={dataValue(v)}
            data-target={dataValue(g)}
          >
            <button
              type="button"
              className="network-chip-main"
              onClick={() => onShow(t)}
              title={`Show example ${t.item + 1}`}
            >
              <b>{label}</b>
              <span className="network-chip-nums">
                v = {sci(v)} · g = {sci(g)} · v − g ={' '}
                {sci(v !== undefined && g !== undefined ? v - g : null, 1)}
              </span>
            </button>
            <button
              type="button"
              className="network-chip-x"
              aria-label={`Untrace ${label}`}
              title="Untrace"
              onClick={() => onRemove(t)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
