import { describe, expect, it } from 'vitest';
import { csvDateOrDateTime, isCalendarDate } from './csv-fields.ts';

describe('CSV dates', () => {
  it('accepts real days and refuses impossible ones', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-30')).toBe(false);
    expect(csvDateOrDateTime.safeParse('2026-11-27T10:00:00+05:30').success).toBe(true);
    expect(csvDateOrDateTime.safeParse('2026-13-01').success).toBe(false);
    expect(csvDateOrDateTime.safeParse('27/11/2026').success).toBe(false);
  });
});
