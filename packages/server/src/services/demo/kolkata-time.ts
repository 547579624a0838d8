/**
 * Instants and business dates of the demo company, which keeps Indian time.
 * India has one fixed offset (UTC+05:30, no daylight saving), so plain
 * arithmetic gives the same dates as the database's Asia/Kolkata rules,
 * far faster than Intl for millions of timestamps.
 */
export const DEMO_TIME_ZONE = 'Asia/Kolkata';

const OFFSET_MS = (5 * 60 + 30) * 60_000;
export const DAY_MS = 86_400_000;

/** The instant (epoch ms) at which a YYYY-MM-DD day starts in India. */
export function startOfDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS;
}

/** The instant at which the day after a YYYY-MM-DD day starts in India. */
export function endOfDay(date: string): number {
  return startOfDay(date) + DAY_MS;
}

/** The Indian calendar date (YYYY-MM-DD) of an instant. */
export function dateOf(instant: number): string {
  return new Date(instant + OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in India. */
export function todayInIndia(now = new Date()): string {
  return dateOf(now.getTime());
}

/** The first day of the month `monthsBack` months before the month of a date. */
export function monthStartBefore(date: string, monthsBack: number): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 - monthsBack, 1));
  return start.toISOString().slice(0, 10);
}
