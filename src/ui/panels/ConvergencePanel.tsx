// The key figure: how far each hidden layer's relaxing units v_l are from the backprop gradient g_l
// (autodiff on the same batch), against step. The table gives the same numbers as text.

import { useRef } from 'react';
import { selectHiddenLayers, selectLatest, type ArState, type LayerInfo } from '../../store';
import { dataValue, fixed, sci } from '../format';
import { Panel } from '../Panel';
import { layerColor } from '../theme';
import { useFrameSelector } from '../useFrameSelector';
import { useConvergenceChart } from './useConvergenceChart';

interface Readout {
  layers: LayerInfo[];
  rel: (number | null)[];
  cos: (number | null)[];
  res: (number | null)[];
}

const selectReadout = (s: ArState): Readout => ({
  layers: selectHiddenLayers(s),
  rel: selectLatest(s, 'relError'),
  cos: selectLatest(s, 'cosine'),
  res: selectLatest(s, 'residual'),
});

export function ConvergencePanel() {
  const container = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  useConvergenceChart(container, svg);
  const { layers, rel, cos, res } = useFrameSelector(selectReadout);

  return (
    <Panel
      name="Convergence"
      span="half"
      title="Convergence to the backprop gradient"
      subtitle={
        <>
          Relative error of each hidden layer, ‖v<sub>l</sub> − g<sub>l</sub>‖² / ‖g<sub>l</sub>‖², where g
          <sub>l</sub> = ∂Loss/∂x<sub>l</sub> is computed by autodiff on the same batch. Log scale.
        </>
      }
    >
      <ul className="legend" aria-label="Legend">
        {layers.map((l) => (
          <li key={l.index}>
            <span className="swatch" style={{ background: layerColor(l.k) }} aria-hidden="true" />
            {l.name}
            <span className="muted"> · {l.units} units</span>
          </li>
        ))}
      </ul>
      <div className="chart" ref={container}>
        <svg
          ref={svg}
          role="img"
          aria-label="Relative error against relaxation step, one line per hidden layer, logarithmic scale"
        />
      </div>
      <table className="readout">
        <caption>Current values (after the latest recorded step)</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col" title="‖v − g‖² / ‖g‖²">
              Relative error
            </th>
            <th scope="col" title="Cosine similarity of v and g (1 = same direction)">
              cos(v, g)
            </th>
            <th scope="col" title="‖target − v‖: what a neuron can know locally; 0 at equilibrium">
              Residual ‖target − v‖
            </th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => (
            <tr key={l.index}>
              <th scope="row">
                <span className="swatch" style={{ background: layerColor(l.k) }} aria-hidden="true" />
                {l.name}
              </th>
              <td
                className="num"
                data-testid={`relerr-layer-${l.k + 1}`}
                data-value={dataValue(rel[l.k])}
                aria-label={`${l.name} relative error ${sci(rel[l.k])}`}
              >
                {sci(rel[l.k])}
              </td>
              <td className="num" data-testid={`cosine-layer-${l.k + 1}`} data-value={dataValue(cos[l.k])}>
                {fixed(cos[l.k], 6)}
              </td>
              <td className="num" data-testid={`residual-layer-${l.k + 1}`} data-value={dataValue(res[l.k])}>
                {sci(res[l.k])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
