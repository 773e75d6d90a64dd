// Chain-rule inspector: the selected unit's update with the recorded numbers substituted, at the step the
// timeline shows. Which quantities the neuron can know locally is said next to each number.

import { useMemo } from 'react';
import { selectViewValues, useArStore, type ArState } from '../../store';
import { dataValue, integer } from '../format';
import { Panel } from '../Panel';
import { useReadout } from './useReadout';
import { explainUnit, type UnitExplanation } from './inspectorMath';
import { InspectorPicker } from './InspectorPicker';
import { HiddenView, Legend, OpaqueView, OutputView } from './InspectorViews';
import './inspector.css';

const selectInputs = (s: ArState) => {
  const view = selectViewValues(s);
  return {
    net: s.net,
    selected: s.selected,
    values: view.values,
    step: view.step,
    live: view.live,
    reference: s.reference,
    backward: s.weights?.backward ?? null,
    feedback: s.weights?.feedback ?? null,
    derivative: s.derivative,
    feedforward: s.feedforward,
    eta: s.config.options.eta,
    fprime: s.config.options.fprime,
    frozen: s.config.options.frozen,
    schedule: s.config.options.schedule,
  };
};

const FEEDBACK_NAME = { exact: 'Wᵀ (exact transport)', learned: 'learned ψ', random: 'random ψ' } as const;

export function InspectorPanel() {
  const d = useReadout(selectInputs);
  const setSelected = useArStore((s) => s.setSelected);
  const e = useMemo<UnitExplanation | null>(
    () =>
      d.net && d.selected && d.values
        ? explainUnit({
            layerSizes: d.net.layerSizes,
            selected: d.selected,
            values: d.values,
            reference: d.reference,
            backward: d.backward,
            derivative: d.derivative,
            feedforward: d.feedforward,
            eta: d.eta,
            fprime: d.fprime,
            graph: d.net.graph,
          })
        : null,
    [d],
  );
  const L = d.net?.layerSizes.length ?? 0;
  const layerName = (l: number) => (l === L - 1 ? 'Output' : `Layer ${l + 1}`);

  return (
    <Panel
      name="Inspector"
      title="Chain-rule inspector"
      span="narrow"
      subtitle="One unit's relaxation update, with the recorded numbers at the step shown on the timeline."
    >
      {d.net && d.selected && (
        <InspectorPicker net={d.net} selected={d.selected} layerName={layerName} onSelect={setSelected} />
      )}
      <p className="insp-step small muted" data-testid="inspector-step" data-value={dataValue(d.step)}>
        At step <strong className="num">{integer(d.step)}</strong>
        {d.live ? ' (live)' : ' (recorded state, from the timeline)'}
      </p>
      {!e ? (
        <p className="muted">
          {d.net ? 'Select a unit (click one in the network view).' : 'Waiting for the network…'}
        </p>
      ) : e.kind === 'output' ? (
        <OutputView e={e} name={layerName(e.layer)} />
      ) : e.kind === 'opaque' ? (
        <OpaqueView e={e} name={layerName(e.layer)} layerName={layerName} />
      ) : (
        <HiddenView
          e={e}
          name={layerName(e.layer)}
          layerName={layerName}
          feedback={d.feedback ? FEEDBACK_NAME[d.feedback] : 'B'}
          notes={[
            !d.fprime && 'f′ is switched off: every f′ⱼ is 1.',
            !d.frozen &&
              'Frozen forward pass is off: the worker recomputes f′ from the relaxing values; the f′ shown are the frozen ones, so the sum is approximate.',
            d.schedule === 'sequential' &&
              'Sequential schedule: the next update uses the layer above after its own update in the same sweep; the target shown is from the state at this step.',
          ]}
        />
      )}
      <Legend />
    </Panel>
  );
}
