/** The first and last day of a YYYY-MM month, for the period formatter ("Mar 2025"). */
export function monthRange(month: string): [string, string] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return [`${month}-01`, new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10)];
}
