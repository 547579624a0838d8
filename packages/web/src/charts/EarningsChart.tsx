import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONTS = "'Noto Sans', 'Noto Sans Devanagari', sans-serif";

export interface EarningsPoint {
  label: string;
  /** Minor units. */
  gross: number;
  net: number;
}

/**
 * Gross and net earnings per committed period, as bars. Loaded on demand (its own chunk)
 * so ECharts never weighs on the first screen. Amounts are shown through `money`.
 */
export default function EarningsChart({ points, labels, money }: { points: EarningsPoint[]; labels: { gross: string; net: string }; money: (minor: number) => string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      // The canvas draws its own text: with the shipped fonts, so Devanagari shows on any device.
      textStyle: { fontFamily: FONTS },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [labels.gross, labels.net] },
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => money(Math.round(value * 100)) },
      xAxis: { type: 'category', data: points.map((point) => point.label) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => money(Math.round(value * 100)).replace(/\.00$/, '') } },
      series: [
        { name: labels.gross, type: 'bar', data: points.map((point) => point.gross / 100), itemStyle: { color: '#99e9d6' } },
        { name: labels.net, type: 'bar', data: points.map((point) => point.net / 100), itemStyle: { color: '#0b7a5c' } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [points, labels, money]);
  return <div ref={element} style={{ width: '100%', height: 260 }} role="img" aria-label={`${labels.gross} / ${labels.net}`} />;
}
