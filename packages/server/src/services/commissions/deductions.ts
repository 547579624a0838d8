import { applyRate } from '@samooh/engine';

/** The company's payout rules; rates in parts per million (20000 = 2%). */
export interface PayoutRules {
  tdsRatePpm: number;
  /** India withholds at a higher rate from a payee who has given no PAN. */
  tdsNoPanRatePpm: number;
  feeRatePpm: number;
  feeFlat: number;
  minimumPayout: number;
}

export interface Deductions {
  tds: number;
  fee: number;
  net: number;
}

/**
 * What is withheld from one member's gross commission of a run, in minor
 * units: tax at source (half-up to the paisa), then the processing fee (a
 * share plus a flat amount, never more than what is left). Nothing is taken
 * from a run that earned nothing or, after clawbacks, less than nothing.
 */
export function deductionsOn(earned: number, hasPan: boolean, rules: PayoutRules): Deductions {
  if (earned <= 0) return { tds: 0, fee: 0, net: earned };
  const tds = applyRate(earned, hasPan ? rules.tdsRatePpm : rules.tdsNoPanRatePpm, 'half-up');
  const fee = Math.min(earned - tds, applyRate(earned, rules.feeRatePpm, 'half-up') + rules.feeFlat);
  return { tds, fee, net: earned - tds - fee };
}

export function payoutRulesOf(company: { tds_rate_ppm: number; tds_no_pan_rate_ppm: number; fee_rate_ppm: number; fee_flat: number; minimum_payout: number }): PayoutRules {
  return {
    tdsRatePpm: company.tds_rate_ppm,
    tdsNoPanRatePpm: company.tds_no_pan_rate_ppm,
    feeRatePpm: company.fee_rate_ppm,
    feeFlat: company.fee_flat,
    minimumPayout: company.minimum_payout,
  };
}
