// The network view: every unit's relaxing value v next to its exact backprop gradient g, for one example of
// the batch, with the weights that carry the error down. Clicking a unit traces it and selects it for the
// chain-rule inspector. Drawing is in useNetworkCanvas; the numbers are also given as text below.

import { useMemo, useRef, useState } from 'react';
import type { TracePoint } from '../../protocol';
import { useArStore } from '../../store';
import { useClient } from '../clientContext';
import { sci } from '../format';
import { Panel } from '../Panel';
import { networkTheme } from '../theme';
import { useReadout } from './useReadout';
import { NetworkLegend } from './NetworkLegend';
import { LayerTable, layerName, TraceList } from './NetworkReadout';
import {
  colourScales,
  itemRow,
  layerViews,
  selectNetworkSnapshot,
  setSelectedIn,
  toggleTrace,
  type ScaleMode,
} from './networkData';
import { opLabel } from './networkGraph';
import { graphOf, isChain, isCompact } from './networkLayout';
import { useNetworkCanvas, type NetworkHandlers, type UnitPoint } from './useNetworkCanvas';

const FEEDBACK_LABEL = {
  exact: 'exact transport Wᵀ',
  learned: 'learned ψ',
  random: 'fixed random ψ',
} as const;

export function NetworkPanel() {
  const client = useClient();
  const container = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [item, setItem] = useState(0);
  const [scaleMode, setScaleMode] = useState<ScaleMode>('layer');
  const [showBackward, setShowBackward] = useState(true);
  const [tip, setTip] = useState<{ p: UnitPoint; pinned: boolean; net: unknown } | null>(null);
  const snap = useReadout(selectNetworkSnapshot);
  const { net } = snap;
  const batch = net?.batchSize ?? 1;
  const shown = Math.min(item, batch - 1);

  const handlers = useMemo<NetworkHandlers>(
    () => ({
      onPoint: (p, pinned) => setTip(p ? { p, pinned, net: useArStore.getState().net } : null),
      onActivate: (p) => {
        const s = useArStore.getState();
        const point: TracePoint = { layer: p.layer, item: shown, unit: p.unit };
        client.selectTraces(toggleTrace(s.config.traces, point, networkTheme.maxTraces));
        setSelectedIn(s, point);
      },
    }),
    [client, shown],
  );
  const view = useNetworkCanvas(container, canvas, { item: shown, scaleMode, showBackward }, handlers);

  const views = useMemo(
    () => (net ? layerViews(net, snap.values, snap.reference, shown) : []),
    [net, snap.values, snap.reference, shown],
  );
  const scales = useMemo(() => colourScales(views, scaleMode), [views, scaleMode]);
  const hasBackward = snap.feedback !== 'exact';
  const compact = !!net && net.layerSizes.some(isCompact);
  const graph = net && !isChain(net) ? graphOf(net) : null;
  const when = `step ${snap.step}${snap.live ? '' : ' (timeline)'}`;

  const removeTrace = (t: TracePoint) =>
    client.selectTraces(toggleTrace(useArStore.getState().config.traces, t, networkTheme.maxTraces));

  return (
    <Panel
      name="Network"
      span="wide"
      title="Network"
      subtitle={
        <>
          Each unit’s relaxing value v<sub>l</sub> against its exact backprop gradient g<sub>l</sub> =
          ∂Loss/∂x
          <sub>l</sub>, for one example of the batch. The error enters at the clamped output (right) and
          relaxes leftwards. Backward weights: {FEEDBACK_LABEL[snap.feedback]}.
        </>
      }
    >
      <div className="network-controls">
        <div className="field">
          <label htmlFor="network-item">Example</label>
          <select
            id="network-item"
            value={shown}
            title="Which example of the batch is shown"
            onChange={(e) => setItem(Number(e.target.value))}
          >
            {Array.from({ length: batch }, (_, i) => (
              <option key={i} value={i}>
                {i + 1} of {batch}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="network-scale">Colour range</label>
          <select
            id="network-scale"
            value={scaleMode}
            title="Per layer: each layer's colours span its own max |g| (gradients shrink layer by layer). Shared: one range."
            onChange={(e) => setScaleMode(e.target.value as ScaleMode)}
          >
            <option value="layer">per layer</option>
            <option value="shared">shared</option>
          </select>
        </div>
        <label
          className="toggle"
          title={
            hasBackward
              ? 'Draw the backward weights B as dashed arcs'
              : 'With exact transport B = Wᵀ: the same lines as W'
          }
        >
          <input
            type="checkbox"
            role="switch"
            checked={showBackward && hasBackward}
            disabled={!hasBackward}
            onChange={(e) => setShowBackward(e.target.checked)}
          />
          <span className="track" aria-hidden="true" />
          <span>Show backward weights</span>
        </label>
        <span className="network-step muted" data-testid="network-step" data-value={snap.step}>
          {net ? when : ''}
        </span>
      </div>
      <NetworkLegend
        mode={scaleMode}
        shared={scaleMode === 'shared' ? (scales[0] ?? null) : null}
        backward={hasBackward && showBackward}
        compact={compact}
        ops={graph ? [...new Set(graph.map((g) => g.op))] : null}
        maps={!!graph?.some((g) => g.shape.length === 3)}
      />
      <div className="network-canvas-wrap" ref={container}>
        <canvas
          ref={canvas}
          className="network-canvas"
          role="img"
          tabIndex={0}
          aria-label={`Network diagram, example ${shown + 1}: each unit's relaxing value and its backprop gradient. Arrow keys move between units, Enter traces one; the table below gives the numbers.`}
        />
        {/* A tooltip belongs to the network it was opened on. */}
        {tip && net && tip.net === net && (
          <Tooltip
            tip={tip}
            snap={snap}
            shown={shown}
            onClose={() => {
              setTip(null);
              view.release();
            }}
          />
        )}
      </div>
      {net && <GraphList net={net} />}
      {net && (
        <>
          <TraceList
            net={net}
            traces={snap.traces}
            values={snap.values}
            reference={snap.reference}
            onRemove={removeTrace}
            onShow={(t) => setItem(t.item)}
          />
          <LayerTable net={net} views={views} caption={`Example ${shown + 1} at ${when}`} />
        </>
      )}
    </Panel>
  );
}

/** The graph as text, one item per column of the canvas (for screen readers and tests): the node, its shape
 *  and the op that feeds it. */
function GraphList({ net }: { net: NonNullable<ReturnType<typeof selectNetworkSnapshot>['net']> }) {
  const nodes = graphOf(net);
  const input = { op: 'input', shape: net.inputShape ?? [net.inputSize] };
  const nameOf = (p: number) => (p < 0 ? 'input' : net.layerIds[p]);
  return (
    <ol className="visually-hidden" aria-label="Network graph, column by column">
      <li data-testid="network-column-0" data-op="input" data-shape={input.shape.join('x')}>
        Input · {input.shape.join('×')}
      </li>
      {nodes.map((g, l) => {
        const parent = g.parents[g.parents.length - 1];
        const from = parent < 0 ? input : nodes[parent];
        return (
          <li
            key={l}
            data-testid={`network-column-${l + 1}`}
            data-op={g.op}
            data-shape={g.shape.join('x')}
            data-parents={g.parents.join(' ')}
          >
            {net.layerIds[l]} · {g.shape.join('×')}: {opLabel(g, from)} of{' '}
            {g.parents.map(nameOf).join(' and ')}
          </li>
        );
      })}
    </ol>
  );
}

interface TooltipProps {
  tip: { p: UnitPoint; pinned: boolean };
  snap: ReturnType<typeof selectNetworkSnapshot>;
  shown: number;
  onClose(): void;
}

function Tooltip({ tip: { p, pinned }, snap, shown, onClose }: TooltipProps) {
  const net = snap.net!;
  const input = p.layer < 0;
  const n = input ? net.inputSize : net.layerSizes[p.layer];
  const v = input ? undefined : itemRow(snap.values?.[p.layer], shown, n)?.[p.unit];
  const g = input ? undefined : itemRow(snap.reference?.[p.layer], shown, n)?.[p.unit];
  const output = p.layer === net.layerSizes.length - 1;
  const traced = snap.traces.some((t) => t.layer === p.layer && t.item === shown && t.unit === p.unit);
  const shape = input ? net.inputShape : net.graph?.[p.layer]?.shape;
  // Image nodes are channel-last: where the unit sits in its feature map.
  const where =
    shape?.length === 3
      ? `channel ${p.unit % shape[2]} · row ${Math.floor(p.unit / shape[2] / shape[1])}, col ${Math.floor(p.unit / shape[2]) % shape[1]}`
      : null;
  return (
    <div
      className={`network-tip${p.flip ? ' left' : ''}`}
      role="tooltip"
      data-testid="network-tooltip"
      style={{ left: p.x, top: p.y }}
    >
      <div className="network-tip-head">
        <b>{input ? `Input x₀, unit ${p.unit}` : `${layerName(net, p.layer)}, unit ${p.unit}`}</b>
        <span className="muted"> · example {shown + 1}</span>
        {pinned && (
          <button type="button" className="network-tip-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        )}
      </div>
      {where && <p className="muted">{where}</p>}
      {input ? (
        <p className="muted">Data: fixed, not relaxed.</p>
      ) : (
        <dl>
          <dt>
            {output ? (
              <>
                v = e<sub>L</sub> (clamped)
              </>
            ) : (
              'v (relaxing)'
            )}
          </dt>
          <dd className="num">{sci(v, 4)}</dd>
          <dt>g = ∂Loss/∂x</dt>
          <dd className="num">{sci(g, 4)}</dd>
          <dt>v − g</dt>
          <dd className="num">{sci(v !== undefined && g !== undefined ? v - g : null, 2)}</dd>
        </dl>
      )}
      {!input && <p className="muted">{traced ? 'Traced · click again to untrace' : 'Click to trace'}</p>}
    </div>
  );
}
