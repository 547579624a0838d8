import { describe, expect, it } from 'vitest';
import { dueDateAfterMonth, dueDateInMonth, nextDueDate, nextMonthStart } from './autoship-dates.ts';

describe('autoship due dates', () => {
  it('fall on the last day of a month too short for the day', () => {
    expect(dueDateInMonth('2027-04-10', 31)).toBe('2027-04-30');
    expect(dueDateInMonth('2027-02-01', 29)).toBe('2027-02-28');
    expect(dueDateInMonth('2027-02-01', 31)).toBe('2027-02-28');
    expect(dueDateInMonth('2027-03-01', 31)).toBe('2027-03-31');
    expect(dueDateInMonth('2027-06-01', 15)).toBe('2027-06-15');
  });

  it('know leap years: 29 February in 2028 and 2000, not in 2100 or 2027', () => {
    expect(dueDateInMonth('2028-02-01', 30)).toBe('2028-02-29');
    expect(dueDateInMonth('2000-02-01', 31)).toBe('2000-02-29');
    expect(dueDateInMonth('2100-02-01', 29)).toBe('2100-02-28');
    expect(dueDateInMonth('2027-02-01', 29)).toBe('2027-02-28');
  });

  it('come next this month if the day has not passed, else next month, across the year end', () => {
    expect(nextDueDate('2027-01-10', 15)).toBe('2027-01-15');
    expect(nextDueDate('2027-01-15', 15)).toBe('2027-01-15');
    expect(nextDueDate('2027-01-16', 15)).toBe('2027-02-15');
    expect(nextDueDate('2027-12-20', 5)).toBe('2028-01-05');
    expect(nextDueDate('2028-02-29', 31)).toBe('2028-02-29');
    expect(nextMonthStart('2027-12-31')).toBe('2028-01-01');
  });

  it('step month by month from 31 January: 28 Feb, 31 Mar, 30 Apr', () => {
    const dates = ['2027-01-31'];
    for (let i = 0; i < 3; i++) dates.push(dueDateAfterMonth(dates.at(-1)!, 31));
    expect(dates).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
  });
});
