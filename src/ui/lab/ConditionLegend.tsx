// The lab's legend: one entry per condition, its colour and line style as drawn in the charts.

import type { LabCondition } from '../../protocol/lab';
import { conditionStyles } from './labFormat';

export function ConditionLegend({
  conditions,
  label = 'Legend',
}: {
  conditions: readonly LabCondition[];
  label?: string;
}) {
  if (!conditions.length) return null;
  return (
    <ul className="legend lab-legend" aria-label={label}>
      {conditionStyles(conditions).map((st) => (
        <li key={st.id} data-condition={st.id}>
          <svg width="22" height="10" viewBox="0 0 22 10" aria-hidden="true" focusable="false">
            <line
              x1="1"
              x2="21"
              y1="5"
              y2="5"
              stroke={st.color}
              strokeWidth="2.5"
              strokeDasharray={st.dash ?? undefined}
              strokeLinecap="butt"
            />
          </svg>
          {st.label}
        </li>
      ))}
    </ul>
  );
}
