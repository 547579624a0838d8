import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatMoney, formatPercent, formatPeriod, formatVolume } from './format.ts';

describe('money in INR with Indian grouping', () => {
  it('shows paise as rupees, grouped in lakhs and crores, in English and Hindi', () => {
    expect(formatMoney('en', 123_456_700)).toBe('₹12,34,567.00');
    expect(formatMoney('hi', 123_456_700)).toBe('₹12,34,567.00');
    expect(formatMoney('en', 1_000_000_000_01)).toBe('₹1,00,00,00,000.01');
    expect(formatMoney('en', 0)).toBe('₹0.00');
    expect(formatMoney('en', 5)).toBe('₹0.05');
    expect(formatMoney('en', 49_900)).toBe('₹499.00');
  });

  it('keeps every paisa: no float division rounding', () => {
    // 0.29 * 100 and similar values that floats get wrong when divided.
    for (const minor of [29, 57, 1_005, 100_000_000_015, 999_999_999_99]) {
      const text = formatMoney('en', minor).replace(/[₹,]/g, '');
      expect(text).toBe(`${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`);
    }
  });

  it('marks negative amounts (clawbacks, deductions) with a minus', () => {
    expect(formatMoney('en', -9_420)).toBe('−₹94.20');
  });
});

describe('numbers and dates', () => {
  it('shows shares as percentages with at most one decimal', () => {
    expect(formatPercent('en', 0.4215)).toBe('42.2%');
    expect(formatPercent('hi', 0.5)).toBe('50%');
    expect(formatPercent('en', 0)).toBe('0%');
    expect(formatPercent('en', -0.031)).toBe('-3.1%');
  });

  it('groups volumes and counts the Indian way, with at most two decimals', () => {
    expect(formatVolume('en', 253_550.5)).toBe('2,53,550.5');
    expect(formatVolume('hi', 1234.567)).toBe('1,234.57');
    expect(formatCount('en', 1_234_567)).toBe('12,34,567');
  });

  it('writes dates and periods in the reader language', () => {
    expect(formatDate('en', '2025-03-01')).toBe('1 Mar 2025');
    expect(formatDate('hi', '2025-03-01')).toBe('1 मार्च 2025');
    expect(formatPeriod('en', '2025-01-01', '2025-01-31')).toBe('Jan 2025');
    expect(formatPeriod('hi', '2025-03-01', '2025-03-31')).toBe('मार्च 2025');
    expect(formatPeriod('en', '2025-03-01', '2025-03-15')).toBe('1 Mar 2025 – 15 Mar 2025');
  });
});
