import { describe, expect, it } from 'vitest';
import { formatMoney } from './money-format.ts';

describe('formatMoney', () => {
  it('groups rupees the Indian way and shows paise', () => {
    expect(formatMoney('en', 'INR', 123_456_700)).toBe('₹12,34,567.00');
    expect(formatMoney('en', 'INR', -2_550)).toBe('-₹25.50');
    expect(formatMoney('hi', 'INR', 123_456_789)).toBe('₹12,34,567.89');
  });
});
