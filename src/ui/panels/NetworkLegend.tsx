// Keys of the network view: the glyphs (what core, ring, gauge, cells, feature maps, edges and op connectors
// mean) and the colour key, a D3 axis under the diverging gradient, labelled in units of each layer's range
// or in shared values.

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

/** Feature-map glyph: a channel's v map above its g map, in one frame. */
function Maps() {
  const cells = (y: number, sign: number) =>
    [0, 1, 2, 3].map((i) => (
      <rect
        key={`${y}-${i}`}
        x={2 + (i % 2) * 5}
        y={y + Math.floor(i / 2) * 5}
        width="5"
        height="5"
        fill={divergingColor(sign * (i % 3 === 0 ? 0.8 : -0.4))}
      />
    ));
  return (
    <svg width="14" height="26" viewBox="0 0 14 26" aria-hidden="true">
      <rect x="0.5" y="0.5" width="13" height="25" fill="none" stroke={T.color.mapFrame} />
      {cells(2, 0.6)}
      {cells(14, 1)}
    </svg>
  );
}

/** A patch of the parent's map narrowing onto one cell: the conv and pooling connectors. */
function Fan() {
  return (
    <svg width="34" height="18" viewBox="0 0 34 18" aria-hidden="true">
      <path
        d="M9 2 L28 8 L28 10 L9 16 Z"
        fill={T.color.connector}
        fillOpacity="0.15"
        stroke={T.color.connector}
        strokeOpacity="0.6"
        strokeWidth="0.75"
      />
      <rect x="1.5" y="2.5" width="7" height="13" fill="none" stroke={T.color.traced} />
      <rect x="28.5" y="7.5" width="3" height="3" fill="none" stroke={T.color.traced} />
    </svg>
  );
}

function Funnel() {
  return (
    <svg width="34" height="18" viewBox="0 0 34 18" aria-hidden="true">
      <path
        d="M2 1 L32 5 L32 13 L2 17 Z"
        fill={T.color.connector}
        fillOpacity="0.1"
        stroke={T.color.connector}
        strokeOpacity="0.6"
        strokeDasharray="3 3"
      />
    </svg>
  );
}

function Skip() {
  return (
    <svg width="34" height="18" viewBox="0 0 34 18" aria-hidden="true">
      <path d="M1 16 C8 -3 26 -3 33 16" fill="none" stroke={T.color.identity} strokeWidth="1.2" />
      <line x1="1" y1="16" x2="33" y2="16" stroke={T.color.identity} strokeWidth="1.2" />
    </svg>
  );
}

/** What each op's connector looks like; only the ops the network has. */
function OpKeys({ ops }: { ops: string[] }) {
  const has = (...o: string[]) => o.some((x) => ops.includes(x));
  return (
    <>
      {has('conv2d', 'maxPool', 'avgPool') && (
        <li>
          <Fan />
          <span>
            {has('conv2d') && 'conv: a k×k patch of every input channel feeds one unit'}
            {has('conv2d') && has('maxPool', 'avgPool') && '; '}
            {has('maxPool', 'avgPool') && 'pool: a patch of its own channel'} (follows the hovered unit)
          </span>
        </li>
      )}
      {has('flatten') && (
        <li>
          <Funnel /> flatten: the same values, reshaped into a vector
        </li>
      )}
      {has('add') && (
        <li>
          <Skip /> add: unit i + unit i of both parents; the skip link arches over
        </li>
      )}
    </>
  );
}

export function NetworkLegend(props: {
  mode: ScaleMode;
  shared: number | null;
  backward: boolean;
  compact: boolean;
  /** The ops of a graph net (null for a plain MLP). */
  ops: string[] | null;
  /** Some node is drawn as feature maps. */
  maps: boolean;
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
        {props.maps && (
          <li>
            <Maps />
            <span>
              feature maps (one frame per channel): <b>v above g</b>, one cell per unit
            </span>
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
          {props.ops && <OpKeys ops={props.ops} />}
          <li>
            <span className="network-ring traced" aria-hidden="true" /> traced
            <span className="network-ring selected" aria-hidden="true" /> selected
          </li>
        </ul>
      </div>
    </div>
  );
}
