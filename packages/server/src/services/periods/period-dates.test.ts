import { describe, expect, it } from 'vitest';
import { monthAfter, monthOf, nextDay } from './period-dates.ts';

describe('period dates', () => {
  it('spans whole calendar months, leap years included', () => {
    expect(monthOf('2028-02-14')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(monthOf('2026-02-01')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(monthOf('2026-12-31')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });

  it('follows one month with the next, across a year end', () => {
    expect(monthAfter('2026-12-31')).toEqual({ start: '2027-01-01', end: '2027-01-31' });
    expect(nextDay('2026-11-30')).toBe('2026-12-01');
  });
});
