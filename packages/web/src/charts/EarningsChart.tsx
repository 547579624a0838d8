import SeriesChart from './SeriesChart.tsx';

export interface EarningsPoint {
  label: string;
  /** Minor units. */
  gross: number;
  net: number;
}

/** Gross and net earnings per committed period, as bars. Amounts are shown through `money` (minor units). */
export default function EarningsChart({ points, labels, money }: { points: EarningsPoint[]; labels: { gross: string; net: string }; money: (minor: number) => string }) {
  return (
    <SeriesChart
      label={`${labels.gross} / ${labels.net}`}
      categories={points.map((point) => point.label)}
      format={(rupees) => money(Math.round(rupees * 100)).replace(/\.00$/, '')}
      series={[
        { name: labels.gross, type: 'bar', data: points.map((point) => point.gross / 100), color: '#99e9d6' },
        { name: labels.net, type: 'bar', data: points.map((point) => point.net / 100), color: '#0b7a5c' },
      ]}
    />
  );
}
