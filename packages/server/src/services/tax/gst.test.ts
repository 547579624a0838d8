import { describe, expect, it } from 'vitest';
import { documentNumber, financialYear, gstinCheckCharacter, gstinProblem, hsnProblem, isGstRate, lineTax, rateToBp, rupeesInWords, stateCodeOf } from './gst.ts';

describe('GST rules', () => {
  it('verifies a GSTIN check character', () => {
    expect(gstinProblem('27AAPFU0939F1ZV')).toBeNull();
    expect(gstinProblem('29AAGCB7383J1Z4')).toBeNull();
    expect(gstinProblem('27AAPFU0939F1ZW')).toBe('check');
    expect(gstinProblem('99AAPFU0939F1Z' + gstinCheckCharacter('99AAPFU0939F1Z'))).toBe('state');
    expect(gstinProblem('27AAPFU0939F1Y')).toBe('format');
  });

  it('knows HSN chapters, SAC codes and the rates in force', () => {
    expect(hsnProblem('3004')).toBeNull();
    expect(hsnProblem('33049910')).toBeNull();
    expect(hsnProblem('998314')).toBeNull();
    expect(hsnProblem('7701')).toBe('chapter');
    expect(hsnProblem('0012')).toBe('chapter');
    expect(hsnProblem('30049')).toBe('format');
    expect([0, 0.1, 0.25, 1.5, 3, 5, 18, 28, 40].map((rate) => isGstRate(rateToBp(rate)!))).toEqual(Array(9).fill(true));
    expect(isGstRate(rateToBp(12)!)).toBe(false);
    expect(rateToBp(0.125)).toBeUndefined();
  });

  it('reads states as GST codes, ISO letters or names', () => {
    expect(stateCodeOf('MH')).toBe('27');
    expect(stateCodeOf('IN-TG')).toBe('36');
    expect(stateCodeOf('7')).toBe('07');
    expect(stateCodeOf('karnataka')).toBe('29');
    expect(stateCodeOf('28')).toBeUndefined();
    expect(stateCodeOf('XX')).toBeUndefined();
  });

  it('taxes a line within the state as equal CGST and SGST and across states as IGST, half up per tax', () => {
    // Exclusive: ₹100.00 at 18 % → 9.00 + 9.00.
    expect(lineTax(10_000, 1800, false, false)).toEqual({ taxableValue: 10_000, cgst: 900, sgst: 900, igst: 0, total: 11_800 });
    expect(lineTax(10_000, 1800, true, false)).toEqual({ taxableValue: 10_000, cgst: 0, sgst: 0, igst: 1800, total: 11_800 });
    // Exclusive ₹0.99 at 5 %: each half is 2.475 paise → 2 (half up of .475 is down).
    expect(lineTax(99, 500, false, false)).toEqual({ taxableValue: 99, cgst: 2, sgst: 2, igst: 0, total: 103 });
    // Exclusive ₹0.10 at 5 %: each half 0.25 → 0; IGST 0.5 → 1 (half up).
    expect(lineTax(10, 500, true, false).igst).toBe(1);
    // Inclusive ₹499.00 at 18 %: base 42288.135… → 42288; CGST = SGST = 3805.92 → 3806; taxable 49900 − 7612 = 42288.
    expect(lineTax(49_900, 1800, false, true)).toEqual({ taxableValue: 42_288, cgst: 3806, sgst: 3806, igst: 0, total: 49_900 });
    expect(lineTax(49_900, 1800, true, true)).toEqual({ taxableValue: 42_288, cgst: 0, sgst: 0, igst: 7612, total: 49_900 });
    // Inclusive with an odd split: ₹1.00 at 5 % → base 95.238 → 95; halves 2.375 → 2; taxable 96.
    expect(lineTax(100, 500, false, true)).toEqual({ taxableValue: 96, cgst: 2, sgst: 2, igst: 0, total: 100 });
    // Exact for amounts far beyond 2^53 / 10^4.
    expect(lineTax(90_000_000_000_000, 1800, true, false).igst).toBe(16_200_000_000_000);
  });

  it('numbers documents per financial year, April to March', () => {
    expect(financialYear('2026-03-31')).toBe('2025-26');
    expect(financialYear('2026-04-01')).toBe('2026-27');
    expect(financialYear('2099-12-31')).toBe('2099-00');
    expect(documentNumber('INV', '2026-27', 42)).toBe('INV/26-27/000042');
    expect(documentNumber('INV', '2026-27', 42).length).toBeLessThanOrEqual(16);
  });

  it('writes amounts in words in the Indian system', () => {
    expect(rupeesInWords(49_900)).toBe('Rupees Four Hundred Ninety-Nine Only');
    expect(rupeesInWords(1_23_45_678_05)).toBe('Rupees One Crore Twenty-Three Lakh Forty-Five Thousand Six Hundred Seventy-Eight and Five Paise Only');
    expect(rupeesInWords(5)).toBe('Rupees Zero and Five Paise Only');
  });
});
