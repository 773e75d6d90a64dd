// The inspector's two views: a hidden unit's update with its largest terms, and the clamped output unit.

import { dataValue } from '../format';
import { layerColor } from '../theme';
import type { HiddenExplanation, OpaqueExplanation, UnitExplanation } from './inspectorMath';
import { Local, Num, num } from './InspectorParts';

/** A number as a subtrahend: negative ones in parentheses, so "− (−0.5)" never reads "− −0.5". */
const paren = (x: number) => (x < 0 ? `(${num(x)})` : num(x));

export function HiddenView(props: {
  e: HiddenExplanation;
  name: string;
  /** Layer names by index, for the children the terms come through. */
  layerName: (l: number) => string;
  feedback: string;
  notes: (string | false)[];
}) {
  const { e, name, layerName, feedback, notes } = props;
  const aboveName = e.children.map(layerName).join(' and ');
  const many = e.children.length > 1;
  const color = layerColor(e.layer);
  return (
    <>
      <p className="insp-eq" aria-label="Update rule">
        v<sub>i</sub> ← v<sub>i</sub> + η (Σ<sub>j</sub> B<sub>ij</sub> v<sub>j</sub> f′<sub>j</sub> − v
        <sub>i</sub>)
      </p>
      <p className="small muted">
        <span className="insp-swatch" style={{ background: color }} aria-hidden="true" />i = unit {e.unit} of{' '}
        {name} (item {e.item}); j runs over the {e.count} {many ? 'terms arriving from' : 'units of'}{' '}
        {aboveName}; B = {feedback}
        {many && ' (1 through an add or flatten node, which passes unit i straight through)'}.
      </p>
      <table className="insp-terms">
        <caption>
          Largest terms B<sub>ij</sub> v<sub>j</sub> f′<sub>j</sub> (by size)
        </caption>
        <thead>
          <tr>
            <th scope="col" title={`Unit j of ${aboveName}`}>
              j
            </th>
            <th scope="col" title="Backward synapse from j to i (local: the neuron's own synapse)">
              B<sub>ij</sub>
            </th>
            <th scope="col" title={`Relaxing value of unit j of ${aboveName} (arrives through the synapse)`}>
              v<sub>j</sub>
            </th>
            <th scope="col" title="f′(āⱼ): derivative of unit j's activation at the frozen forward point">
              f′<sub>j</sub>
            </th>
            <th scope="col" title="The term's contribution to the local target">
              term
            </th>
          </tr>
        </thead>
        <tbody>
          {e.terms.map((t) => (
            <tr
              key={`${t.from}-${t.j}`}
              data-testid="inspector-term"
              data-j={t.j}
              data-from={t.from}
              data-value={dataValue(t.product)}
            >
              <th scope="row" className="num">
                {many ? `${layerName(t.from)} · ${t.j}` : t.j}
              </th>
              <td className="num">{num(t.b)}</td>
              <td className="num">{num(t.v)}</td>
              <td className="num">{num(t.d)}</td>
              <td className="num strong">{num(t.product)}</td>
            </tr>
          ))}
          {e.rest.count > 0 && (
            <tr className="insp-rest">
              <th scope="row" colSpan={4}>
                … {e.rest.count} more terms, together
              </th>
              <td
                className="num"
                data-testid="inspector-rest"
                data-count={e.rest.count}
                data-value={dataValue(e.rest.sum)}
              >
                {num(e.rest.sum)}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <dl className="insp-facts">
        <Num
          label={
            <>
              Local target Σ<sub>j</sub> B<sub>ij</sub> v<sub>j</sub> f′<sub>j</sub>
            </>
          }
          tip={`Sum of all ${e.count} terms: where v_i is pulled to. Computable from the neuron's own synapses and what arrives through them.`}
          value={e.target}
          testid="inspector-target"
          local
        />
        <Num
          label={
            <>
              Current v<sub>i</sub>
            </>
          }
          tip="The unit's own relaxing value at this step."
          value={e.v}
          testid="inspector-v"
          local
        />
        <Num
          label={
            <>
              Step change η(target − v<sub>i</sub>)
            </>
          }
          tip={`What the next step adds to v_i, with η = ${e.eta}. Zero at equilibrium.`}
          value={e.stepChange}
          testid="inspector-step-change"
          local
        />
        <CompareFacts e={e} />
      </dl>
      <p
        className="insp-eq insp-eq-num"
        data-testid="inspector-next"
        data-value={dataValue(e.v + e.stepChange)}
        title="The next parallel step with these numbers: v_i + η (target − v_i)"
      >
        v<sub>i</sub> ← <span className="num">{num(e.v)}</span> + <span className="num">{e.eta}</span> × (
        <span className="num">{num(e.target)}</span> − <span className="num">{paren(e.v)}</span>) ={' '}
        <strong className="num">{num(e.v + e.stepChange)}</strong>
      </p>
      {notes.filter(Boolean).map((n) => (
        <p key={n as string} className="note">
          {n}
        </p>
      ))}
    </>
  );
}

/** A unit whose target runs through a convolution or pooling node: the rule, and the numbers the page has. */
export function OpaqueView({
  e,
  name,
  layerName,
}: {
  e: OpaqueExplanation;
  name: string;
  layerName: (l: number) => string;
}) {
  const through = e.children
    .map((c, k) => `${layerName(c)} (${OP_LABEL[e.ops[k]] ?? e.ops[k]})`)
    .join(' and ');
  return (
    <>
      <p className="insp-eq" aria-label="Update rule">
        v<sub>i</sub> ← v<sub>i</sub> + η (Σ<sub>children c</sub> [VJP<sub>c</sub>(v<sub>c</sub> ⊙ f′
        <sub>c</sub>)]
        <sub>i</sub> − v<sub>i</sub>)
      </p>
      <p className="small">
        Unit {e.unit} of {name} (item {e.item}) feeds {through}. Its target is that node’s vector–Jacobian
        product at the frozen forward point — for a convolution, the backward kernel applied to the relaxing
        values of the units it reaches; for pooling, the value routed back to the unit that won (max) or
        shared (average). The worker computes it with the kernels, which the page does not hold, so the sum is
        not written out here.
      </p>
      <dl className="insp-facts">
        <Num
          label={
            <>
              Current v<sub>i</sub>
            </>
          }
          tip="The unit's relaxing value"
          value={e.v}
          testid="inspector-v"
          local
        />
        <CompareFacts e={e} />
      </dl>
    </>
  );
}

/** Backprop's answer beside the unit's, and where it started: for comparison, never seen by the neuron. */
function CompareFacts({ e }: { e: UnitExplanation }) {
  return (
    <>
      <Num
        label={
          <>
            Backprop g<sub>i</sub> = ∂Loss/∂x<sub>i</sub>
          </>
        }
        tip="Autodiff gradient on the same batch, for comparison only: the neuron never sees it."
        value={e.g}
        testid="inspector-g"
      />
      <Num
        label={
          <>
            Error v<sub>i</sub> − g<sub>i</sub>
          </>
        }
        tip="How far the unit still is from backprop's answer."
        value={e.diff}
        testid="inspector-diff"
      />
      <Num
        label={
          <>
            Feedforward x̄<sub>i</sub>
          </>
        }
        tip="The unit's own frozen forward activation; v starts here (initial state 'feedforward')."
        value={e.feedforward}
        testid="inspector-feedforward"
        local
      />
    </>
  );
}

const OP_LABEL: Record<string, string> = {
  conv2d: 'convolution',
  maxPool: 'max-pool',
  avgPool: 'average-pool',
};

export function OutputView({ e, name }: { e: UnitExplanation; name: string }) {
  return (
    <>
      <p className="insp-eq" aria-label="Output clamp">
        v<sub>L</sub> = e<sub>L</sub> = 2 (x<sub>L</sub> − y) <span className="muted">(clamped)</span>
      </p>
      <p className="small">
        Unit {e.unit} of the {name} layer (item {e.item}) does not relax: it is held at the output error e
        <sub>L</sub> for the whole relaxation, and the layer below reads it through its backward synapses.
      </p>
      <dl className="insp-facts">
        <Num
          label={
            <>
              Clamped v<sub>L</sub> = e<sub>L</sub>
            </>
          }
          tip="Output error, summed squared loss"
          value={e.v}
          testid="inspector-v"
          local
        />
        <Num
          label={
            <>
              Backprop g<sub>L</sub>
            </>
          }
          tip="∂Loss/∂x_L by autodiff (equals e_L)"
          value={e.g}
          testid="inspector-g"
        />
        <Num
          label={
            <>
              v<sub>L</sub> − g<sub>L</sub>
            </>
          }
          tip="Zero: the clamp is exact"
          value={e.diff}
          testid="inspector-diff"
        />
      </dl>
    </>
  );
}

export function Legend() {
  return (
    <p className="insp-legend small">
      <Local local /> to the neuron: its own v<sub>i</sub>, its backward synapses B<sub>ij</sub>, and v
      <sub>j</sub> f′<sub>j</sub> arriving through them from the layer above. <Local local={false} />: g
      <sub>i</sub>, backprop's answer, shown only to compare.
    </p>
  );
}
