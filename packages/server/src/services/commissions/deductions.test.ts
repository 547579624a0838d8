import { describe, expect, it } from 'vitest';
import { deductionsOn, type PayoutRules } from './deductions.ts';

const rules: PayoutRules = { tdsRatePpm: 20_000, tdsNoPanRatePpm: 200_000, feeRatePpm: 10_000, feeFlat: 500, minimumPayout: 50_000 };

describe('deductions on a run’s commission', () => {
  it('withholds 2% tax with a PAN and 1% + ₹5 fee', () => {
    // ₹1,234.57 = 123457 paise: tds 2% = 2469.14 → 2469; fee 1% = 1234.57 → 1235, + 500 = 1735.
    expect(deductionsOn(123_457, true, rules)).toEqual({ tds: 2469, fee: 1735, net: 123_457 - 2469 - 1735 });
  });

  it('withholds the higher rate from a payee without a PAN', () => {
    // 20% of 123457 = 24691.4 → 24691.
    expect(deductionsOn(123_457, false, rules).tds).toBe(24_691);
  });

  it('rounds half up to the paisa', () => {
    // 2% of 25 = 0.5 → 1.
    expect(deductionsOn(25, true, { ...rules, feeRatePpm: 0, feeFlat: 0 })).toEqual({ tds: 1, fee: 0, net: 24 });
  });

  it('never takes a fee larger than what is left', () => {
    expect(deductionsOn(300, true, rules)).toEqual({ tds: 6, fee: 294, net: 0 });
  });

  it('takes nothing from nothing or from a net clawback', () => {
    expect(deductionsOn(0, true, rules)).toEqual({ tds: 0, fee: 0, net: 0 });
    expect(deductionsOn(-5000, false, rules)).toEqual({ tds: 0, fee: 0, net: -5000 });
  });
});
