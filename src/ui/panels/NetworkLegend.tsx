// Keys of the network view: the glyphs (what core, ring, gauge, cells and edges mean) and the colour key,
// a D3 axis under the diverging gradient, labelled in units of each layer's range or in shared values.

import { axisBottom, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';
import { sci } from '../format';
import { divergingColor, networkTheme as T } from '../theme';
import type { ScaleMode } from './networkData';

const KEY_W = 180;
const STOPS = Array.from({ length: 11 }, (_, i) => i / 10);

function ColourKey({ mode, shared }: { mode: ScaleMode; shared: number | null }) {
  const axis = useRef<SVGGElement>(null);
  const range = mode === 'shared' && shared ? shared : 1;
  useEffect(() => {
    if (!axis.current) return;
    const x = scaleLinear().domain([-range, range]).range([0, KEY_W]);
    select(axis.current).call(
      axisBottom(x)
        .tickValues([-range, -range / 2, 0, range / 2, range])
        .tickSize(4)
        .tickFormat((d) => (mode === 'layer' ? String(d) : sci(Number(d), 1))),
    );
  }, [range, mode]);
  const caption =
    mode === 'layer'
      ? 'v and g ÷ each layer’s range (“colour range ±” in its header)'
      : 'v and g, one range for all layers';
  return (
    <figure className="network-key" aria-label={`Colour key: purple negative, orange positive; ${caption}`}>
      <svg width={KEY_W + 24} height={34} role="img" aria-hidden="true">
        <defs>
          <linearGradient id="network-key-gradient">
            {STOPS.map((t) => (
              <stop key={t} offset={t} stopColor={divergingColor(2 * t - 1)} />
            ))}
          </linearGradient>
        </defs>
        <g transform="translate(12,2)">
          <rect
            width={KEY_W}
            height={10}
            fill="url(#network-key-gradient)"
            stroke={T.color.unitOutline}
            strokeWidth={0.5}
          />
          <g ref={axis} transform="translate(0,10)" className="network-key-axis" />
        </g>
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

/** Disc glyph: ring in g's colour, core in v's, as drawn on the canvas. */
function Disc({ v, g }: { v: number; g: number }) {
  return (
    <svg width="22" height="22" viewBox="-11 -11 22 22" aria-hidden="true">
      <circle r="10" fill={divergingColor(g)} stroke={T.color.unitOutline} strokeWidth="0.75" />
      <circle r={10 * T.coreFraction} fill={divergingColor(v)} />
    </svg>
  );
}

function Gauge() {
  return (
    <svg width="48" height="16" viewBox="0 0 48 16" aria-hidden="true">
      <rect x="23.5" y="1.5" width="1" height="13" fill={T.color.gaugeZero} />
      <rect x="24" y="5" width="18" height="6" fill={T.color.gaugeBar} />
      <rect x="33" y="1.5" width="2" height="13" fill={T.color.gaugeTick} />
    </svg>
  );
}

function Line({ dashed }: { dashed?: boolean }) {
  return (
    <svg width="34" height="12" viewBox="0 0 34 12" aria-hidden="true">
      <line
        x1="1"
        y1="4"
        x2="33"
        y2="4"
        stroke={T.color.positive}
        strokeWidth="2"
        strokeDasharray={dashed ? '4 3' : undefined}
      />
      <line
        x1="1"
        y1="9"
        x2="33"
        y2="9"
        stroke={T.color.negative}
        strokeWidth="1"
        strokeDasharray={dashed ? '4 3' : undefined}
      />
    </svg>
  );
}

/** Cell glyph of the compact layers: border in g's colour, centre in v's. */
function Cell({ v, g }: { v: number; g: number }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <rect width="14" height="14" fill={divergingColor(g)} />
      <rect x="4" y="4" width="6" height="6" fill={divergingColor(v)} />
    </svg>
  );
}

export function NetworkLegend(props: {
  mode: ScaleMode;
  shared: number | null;
  backward: boolean;
  compact: boolean;
}) {
  return (
    <div className="network-legend">
      <ul className="network-legend-items network-legend-glyphs" aria-label="How to read the units">
        <li>
          <Disc v={-0.7} g={0.6} />
          <span>
            <b>core</b> = v (relaxing value), <b>ring</b> = g = ∂Loss/∂x (exact backprop target)
          </span>
        </li>
        <li>
          <Gauge />
          <span>
            bar = v, tick = g: <b>they meet at equilibrium</b>
          </span>
        </li>
        {props.compact && (
          <li>
            <Cell v={-0.7} g={0.6} />
            <span>wide layers: centre = v, border = g</span>
          </li>
        )}
      </ul>
      <div className="network-legend-row">
        <ColourKey mode={props.mode} shared={props.shared} />
        <ul className="network-legend-items" aria-label="Edges and marks">
          <li>
            <Line /> forward W: width ∝ |w|, orange + / purple −
          </li>
          {props.backward && (
            <li>
              <Line dashed /> backward B (feedback weights)
            </li>
          )}
          <li>
            <span className="network-ring traced" aria-hidden="true" /> traced
            <span className="network-ring selected" aria-hidden="true" /> selected
          </li>
        </ul>
      </div>
    </div>
  );
}
