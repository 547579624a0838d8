import { stringify } from 'csv-stringify/sync';
import type { SimulationMonth } from './simulate-network.ts';

/** One row per month; money in minor units, shares 0 to 1, rank counts as rank:<id> columns. */
export function simulationRows(months: readonly SimulationMonth[]): Record<string, string | number>[] {
  return months.map((m) => ({
    month: m.month, start: m.start, end: m.end, members: m.members, distributors: m.distributors, customers: m.customers,
    joined: m.joined, left: m.left, actives: m.actives, orders: m.orders, cv: m.cv, paid: m.paid, payout_ratio: m.payoutRatio, cap_factor: m.capFactor,
    income_median: m.income.median, income_p75: m.income.p75, income_p90: m.income.p90, income_p99: m.income.p99, income_max: m.income.max,
    share_earning_nothing: m.income.shareEarningNothing, share_earning_more_than_spent: m.income.shareEarningMoreThanSpent,
    ...Object.fromEntries(Object.entries(m.ranks).map(([rank, count]) => [`rank:${rank}`, count])),
  }));
}

export function simulationCsv(months: readonly SimulationMonth[]): string {
  return stringify(simulationRows(months), { header: true });
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const rupees = (minor: number) => (minor / 100).toFixed(2);

/** A fixed-width table for a terminal: money in major units. */
export function simulationTable(months: readonly SimulationMonth[]): string {
  const header = ['month', 'start', 'members', 'distrib.', 'actives', 'joined', 'left', 'CV', 'paid', 'payout', 'cap', 'median', 'p90', 'earn 0', 'earn>spent'];
  const rows = months.map((m) => [
    String(m.month), m.start, String(m.members), String(m.distributors), String(m.actives), String(m.joined), String(m.left),
    m.cv.toFixed(2), rupees(m.paid), percent(m.payoutRatio), m.capFactor.toFixed(4), rupees(m.income.median), rupees(m.income.p90),
    percent(m.income.shareEarningNothing), percent(m.income.shareEarningMoreThanSpent),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column <= 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
