// Small pieces of the inspector: a labelled number with its tooltip and locality badge.

import type { ReactNode } from 'react';
import { dataValue, sci } from '../format';

/** Three significant digits; 10ⁿ notation outside [0.001, 1000). */
export const num = (x: number | null | undefined) => sci(x, 2);

/** "local" / "not local" badge. */
export function Local({ local }: { local: boolean }) {
  return (
    <span
      className={`insp-badge ${local ? 'local' : 'nonlocal'}`}
      title={
        local
          ? 'Local: available to this neuron (its own value, its synapses, or what arrives through them)'
          : 'Not local: the neuron cannot know this; shown for comparison'
      }
    >
      {local ? 'local' : 'not local'}
    </span>
  );
}

export function Num(props: {
  label: ReactNode;
  tip: string;
  value: number | null;
  testid: string;
  local?: boolean;
}) {
  const { label, tip, value, testid, local = false } = props;
  return (
    <div className="insp-fact" title={tip}>
      <dt>
        {label} <Local local={local} />
      </dt>
      <dd className="num" data-testid={testid} data-value={dataValue(value)}>
        {num(value)}
      </dd>
    </div>
  );
}
