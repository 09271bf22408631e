import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface Series {
  key: string;
  label: string;
}

/** Colour-blind-safe palette (Okabe–Ito), dark enough for AA contrast on white. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8A6D00', '#56B4E9', '#000000'];

interface ChartProps {
  title: string;
  data: Record<string, unknown>[];
  xKey: string;
  series: Series[];
  height?: number;
  formatValue?: (value: number) => string;
  /** Counts (members, points): no fractional axis ticks such as 0.5 members. */
  integer?: boolean;
}

/**
 * A chart is a figure with a caption; screen readers get the caption and a summary rather than SVG noise.
 */
function Figure({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={`${title}. ${summary}`}>
        {children}
      </div>
    </figure>
  );
}

function summarise(data: Record<string, unknown>[], xKey: string, series: Series[]): string {
  const last = data.at(-1);
  if (last === undefined) return '';
  return series.map((s) => `${s.label} ${String(last[s.key] ?? '—')} (${String(last[xKey])})`).join(', ');
}

export function LineChartFigure({
  title,
  data,
  xKey,
  series,
  height = 240,
  formatValue,
  integer,
}: ChartProps) {
  return (
    <Figure title={title} summary={summarise(data, xKey, series)}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d5dd" />
          <XAxis dataKey={xKey} tick={{ fill: '#333' }} />
          <YAxis tick={{ fill: '#333' }} tickFormatter={formatValue} width={64} allowDecimals={!integer} />
          <Tooltip formatter={formatValue ? (value) => formatValue(Number(value)) : undefined} />
          <Legend />
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={COLOURS[i % COLOURS.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Figure>
  );
}

export function BarChartFigure({
  title,
  data,
  xKey,
  series,
  height = 240,
  formatValue,
  integer,
}: ChartProps) {
  return (
    <Figure title={title} summary={summarise(data, xKey, series)}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d5dd" />
          <XAxis dataKey={xKey} tick={{ fill: '#333' }} />
          <YAxis tick={{ fill: '#333' }} tickFormatter={formatValue} width={64} allowDecimals={!integer} />
          <Tooltip formatter={formatValue ? (value) => formatValue(Number(value)) : undefined} />
          <Legend />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={COLOURS[i % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Figure>
  );
}
