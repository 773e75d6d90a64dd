// A horizontal colour key for the lab's diverging maps (PuOr, as everywhere in the app): a gradient bar
// with labelled ends and middle, so every colour on screen has a reading.

import { useId } from 'react';
import { divergingColor } from '../theme';

const STOPS = Array.from({ length: 11 }, (_, i) => i / 10);

interface Props {
  /** Labels under the left end, the middle and the right end. */
  ticks: [string, string, string];
  caption: string;
  /** Blend towards white as the heatmap does (1 = full colour). */
  strength?: number;
  width?: number;
}

export function DivergingKey({ ticks, caption, strength = 1, width = 160 }: Props) {
  const id = useId().replace(/:/g, '');
  return (
    <figure className="lab-key" aria-label={`Colour key: ${caption}; ${ticks.join(', ')}`}>
      <svg width={width + 16} height={30} aria-hidden="true" focusable="false">
        <defs>
          <linearGradient id={`lab-key-${id}`}>
            {STOPS.map((t) => (
              <stop key={t} offset={t} stopColor={divergingColor(2 * t - 1)} stopOpacity={strength} />
            ))}
          </linearGradient>
        </defs>
        <g transform="translate(8,1)">
          <rect width={width} height={10} fill="#fff" />
          <rect width={width} height={10} fill={`url(#lab-key-${id})`} stroke="#a7afb9" strokeWidth={0.5} />
          {ticks.map((t, i) => (
            <text
              key={i}
              x={(i * width) / 2}
              y={24}
              textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
              className="lab-key-tick"
            >
              {t}
            </text>
          ))}
        </g>
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
