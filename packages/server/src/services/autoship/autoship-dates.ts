/**
 * Autoship calendar arithmetic on YYYY-MM-DD dates (the company's business
 * dates). A subscription names a day of the month, 1 to 31; in a month that
 * is shorter, its order is due on the month's last day (31 → 30 April,
 * 28 February, 29 February in a leap year).
 */

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (UTC, so no time zone shifts it).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The first day of the month holding the date. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month after the one holding the date. */
export function nextMonthStart(date: string): string {
  const year = Number(date.slice(0, 4)), month = Number(date.slice(5, 7));
  return month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1)}-01`;
}

/** The day an autoship for this day of the month is due in the month holding `date`. */
export function dueDateInMonth(date: string, dayOfMonth: number): string {
  const year = Number(date.slice(0, 4)), month = Number(date.slice(5, 7));
  return `${date.slice(0, 7)}-${pad(Math.min(dayOfMonth, daysInMonth(year, month)))}`;
}

/** The first due date on or after `from`: this month's if it has not passed, else next month's. */
export function nextDueDate(from: string, dayOfMonth: number): string {
  const thisMonth = dueDateInMonth(from, dayOfMonth);
  return thisMonth >= from ? thisMonth : dueDateInMonth(nextMonthStart(from), dayOfMonth);
}

/** The due date in the month after the one holding `date`. */
export function dueDateAfterMonth(date: string, dayOfMonth: number): string {
  return dueDateInMonth(nextMonthStart(date), dayOfMonth);
}
