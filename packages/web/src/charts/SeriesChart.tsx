import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const FONTS = "'Noto Sans', 'Noto Sans Devanagari', sans-serif";

export interface Series {
  name: string;
  type: 'bar' | 'line';
  data: number[];
  color: string;
}

/**
 * Bars or lines over named categories, with one formatter for the axis and the tooltip.
 * Loaded on demand (its own chunk) so ECharts never weighs on a first screen.
 */
export default function SeriesChart({ categories, series, format, height = 260, label }: { categories: string[]; series: Series[]; format: (value: number) => string; height?: number; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  // Callers build new arrays and formatters on every render: redraw only when what is drawn changes
  // (the data, or the formatting, which follows the language).
  const drawn = JSON.stringify([categories, series, format(1234567.89), label]);
  const latest = useRef({ categories, series, format });
  latest.current = { categories, series, format };
  useEffect(() => {
    const { categories, series, format } = latest.current;
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      // The canvas draws its own text: with the shipped fonts, so Devanagari shows on any device.
      textStyle: { fontFamily: FONTS },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: series.map((one) => one.name) },
      tooltip: { trigger: 'axis', valueFormatter: format },
      xAxis: { type: 'category', data: categories },
      yAxis: { type: 'value', axisLabel: { formatter: format } },
      series: series.map((one) => ({ name: one.name, type: one.type, data: one.data, itemStyle: { color: one.color }, lineStyle: { color: one.color } })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [drawn]);
  return <div ref={element} style={{ width: '100%', height }} role="img" aria-label={label} />;
}
