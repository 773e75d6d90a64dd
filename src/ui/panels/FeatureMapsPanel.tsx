// Feature maps: for a convolution or pooling node, each channel's relaxing values v (left) next to its exact
// backprop gradient g (right) for one batch item, on one colour scale per channel so that the left image
// turns into the right one as the relaxation converges. Shown only for networks with image-shaped nodes.

import { useMemo, useState } from 'react';
import { selectViewValues, type ArState } from '../../store';
import { dataValue, integer, sci } from '../format';
import { DivergingKey } from '../lab/DivergingKey';
import { PixelImage } from '../lab/PixelImage';
import { Panel } from '../Panel';
import { Tip } from './Tip';
import { useReadout } from './useReadout';

const selectData = (s: ArState) => {
  const view = selectViewValues(s);
  return { net: s.net, reference: s.reference, values: view.values, step: view.step, live: view.live };
};

const OP_NAMES: Record<string, string> = {
  conv2d: 'convolution',
  maxPool: 'max-pool',
  avgPool: 'average-pool',
};

interface ChannelMaps {
  v: Float32Array;
  g: Float32Array;
  /** max |g| of the channel: both images share it. */
  scale: number;
  /** ‖v − g‖ / ‖g‖ over the channel. */
  relError: number;
}

/** Channel-last (H × W × C) values of one item split into one H × W map per channel. */
function channels(v: Float32Array, g: Float32Array, item: number, [h, w, c]: number[]): ChannelMaps[] {
  const size = h * w * c;
  return Array.from({ length: c }, (_, ch) => {
    const mv = new Float32Array(h * w);
    const mg = new Float32Array(h * w);
    let scale = 0;
    let diff = 0;
    let norm = 0;
    for (let p = 0; p < h * w; p++) {
      mv[p] = v[item * size + p * c + ch];
      mg[p] = g[item * size + p * c + ch];
      scale = Math.max(scale, Math.abs(mg[p]));
      diff += (mv[p] - mg[p]) ** 2;
      norm += mg[p] ** 2;
    }
    return { v: mv, g: mg, scale, relError: norm > 0 ? diff / norm : NaN };
  });
}

export function FeatureMapsPanel() {
  const { net, reference, values, step, live } = useReadout(selectData);
  const spatial = useMemo(
    () => (net?.graph ?? []).flatMap((g, i) => (g.shape.length === 3 && net!.hidden.includes(i) ? [i] : [])),
    [net],
  );
  const [chosen, setLayer] = useState<number | null>(null);
  const [item, setItem] = useState(0);
  const layer = chosen !== null && spatial.includes(chosen) ? chosen : (spatial[0] ?? -1);
  const shape = layer >= 0 ? net!.graph[layer].shape : null;
  const batchItem = Math.min(item, (net?.batchSize ?? 1) - 1);
  const maps = useMemo(
    () =>
      shape && values?.[layer] && reference?.[layer]
        ? channels(values[layer], reference[layer], batchItem, shape)
        : [],
    [values, reference, layer, batchItem, shape],
  );
  if (!net || spatial.length === 0) return null;
  const [h, w] = shape ?? [0, 0];
  const px = w >= 20 ? 64 : 48;

  return (
    <Panel
      name="Feature maps"
      title="Feature maps: relaxing values onto the gradient"
      subtitle={
        <>
          Each channel of a {OP_NAMES[net.graph[layer]?.op] ?? 'spatial'} node for one batch item: the
          relaxing values v (left) beside the exact backprop gradient g = ∂Loss/∂x (right), on the channel’s
          own colour scale. As the relaxation converges the left image becomes the right one.
        </>
      }
      span="full"
    >
      <div className="toolbar feature-toolbar">
        <label>
          Node{' '}
          <select value={layer} onChange={(e) => setLayer(Number(e.target.value))}>
            {spatial.map((i) => (
              <option key={i} value={i}>
                {net.layerIds[i]} ({net.graph[i].shape.join(' × ')})
              </option>
            ))}
          </select>
        </label>
        <label>
          Batch item{' '}
          <select value={batchItem} onChange={(e) => setItem(Number(e.target.value))}>
            {Array.from({ length: net.batchSize }, (_, i) => (
              <option key={i} value={i}>
                {i + 1}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {live ? 'Live' : 'Timeline'} · step <span className="num">{integer(step)}</span>
        </span>
        <DivergingKey
          ticks={['−max |g|', '0', '+max |g|']}
          caption="v and g divided by the channel’s largest |g|"
        />
      </div>
      <div className="feature-grid" data-testid="feature-maps">
        {maps.map((m, ch) => (
          <figure key={ch} className="feature-pair" data-channel={ch}>
            <div className="feature-images">
              <PixelImage
                pixels={m.v}
                offset={0}
                scale={m.scale}
                width={w}
                height={h}
                size={px}
                label={`Channel ${ch + 1}: relaxing values v at step ${step}`}
              />
              <PixelImage
                pixels={m.g}
                offset={0}
                scale={m.scale}
                width={w}
                height={h}
                size={px}
                label={`Channel ${ch + 1}: exact gradient g`}
              />
            </div>
            <figcaption>
              <b>Ch. {ch + 1}</b>{' '}
              <Tip text="Relative error ‖v − g‖² / ‖g‖² over this channel’s map">rel. err.</Tip>{' '}
              <span className="num" data-testid={`feature-relerr-${ch}`} data-value={dataValue(m.relError)}>
                {sci(m.relError, 1)}
              </span>
            </figcaption>
          </figure>
        ))}
      </div>
    </Panel>
  );
}
