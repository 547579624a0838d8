import { describe, expect, it } from 'vitest';
import { formatDay, tryParseDay } from './dates.ts';

describe('days', () => {
  it('parses real calendar dates only', () => {
    expect(tryParseDay('1970-01-02')).toBe(1);
    expect(tryParseDay('2024-02-29')).toBe(19_782);
    expect(tryParseDay('2023-02-29')).toBeNull();
    expect(tryParseDay('2024-13-01')).toBeNull();
    expect(tryParseDay('2024-1-01')).toBeNull();
  });

  it('formats back', () => {
    expect(formatDay(19_782)).toBe('2024-02-29');
  });
});
