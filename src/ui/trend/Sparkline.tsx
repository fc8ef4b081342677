// A row's values across the snapshots as a small line (SVG), on the scale of
// its own range from 0 (a leak climbs, a spike stands out), the turning
// snapshot of a peak or a dip marked. The numbers are in its title (hover)
// and its label (screen readers, keyboard focus).

export interface SparklineProps {
  values: readonly number[];
  /** The snapshot marked (a peak's or a dip's), if any. */
  at?: number;
  /** Per snapshot: "#3 leakspike.s03.heap: 24.30MB". */
  label: string;
  width?: number;
  height?: number;
}

const PAD = 2;

export function Sparkline({ values, at, label, width = 120, height = 24 }: SparklineProps) {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const n = values.length;
  const x = (i: number) => PAD + (n > 1 ? (i * (width - 2 * PAD)) / (n - 1) : (width - 2 * PAD) / 2);
  const y = (v: number) => height - PAD - ((v - min) * (height - 2 * PAD)) / span;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg class="trend-spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} tabIndex={0} data-testid="trend-spark">
      <title>{label}</title>
      {min < 0 && <line class="trend-spark__zero" x1={PAD} x2={width - PAD} y1={y(0)} y2={y(0)} />}
      <polyline class="trend-spark__line" points={points} />
      {at !== undefined && <circle class="trend-spark__mark" cx={x(at)} cy={y(values[at])} r={2.5} />}
    </svg>
  );
}
