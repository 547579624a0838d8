/** Monthly periods: the first to the last day of a calendar month, in the company's time zone. */
export function monthOf(date: string): { start: string; end: string } {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { start: `${year}-${mm}-01`, end: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** The day after a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The monthly period that follows one ending on `end`. */
export function monthAfter(end: string): { start: string; end: string } {
  return monthOf(nextDay(end));
}
