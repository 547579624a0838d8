/** The plan's money rules: what a volume point is worth and how each line is rounded. */
import { RATE_SCALE, applyRate } from '../money/rate.ts';
import { mulDivRound, type RoundingMode } from '../money/rounding.ts';
import { VOLUME_SCALE } from '../snapshot/types.ts';

export interface MoneyRules {
  rounding: RoundingMode;
  minorUnitsPerCV: number;
  /** The exact money value, in minor units, of volume held in hundredths of a point. */
  volumeToMinor: (volumeUnits: number) => number;
  /** A rate on volume, rounded once: hundredths of a point × minor units per point × rate. */
  rateOnVolume: (volumeUnits: number, ppm: number) => number;
  /** A rate on an amount of money (matching), rounded once. */
  rateOnMoney: (minorUnits: number, ppm: number) => number;
  /** A rate on volume, rounded down: for limits that must never be exceeded. */
  rateOnVolumeDown: (volumeUnits: number, ppm: number) => number;
}

const VOLUME_RATE_DIVISOR = VOLUME_SCALE * RATE_SCALE;
/** Below this a float division of an integer by the divisor floors exactly (see roundedVolumeShare). */
const EXACT_FLOOR_LIMIT = Number.MAX_SAFE_INTEGER - VOLUME_RATE_DIVISOR;

export function moneyRules(rounding: RoundingMode, minorUnitsPerCV: number): MoneyRules {
  return {
    rounding,
    minorUnitsPerCV,
    volumeToMinor: (volumeUnits) => (volumeUnits * minorUnitsPerCV) / VOLUME_SCALE,
    rateOnVolume: rounding === 'half-up'
      ? (volumeUnits, ppm) => halfUpVolumeShare(volumeUnits, minorUnitsPerCV * ppm)
      : (volumeUnits, ppm) => mulDivRound(volumeUnits, minorUnitsPerCV * ppm, VOLUME_RATE_DIVISOR, rounding),
    rateOnMoney: (minorUnits, ppm) => applyRate(minorUnits, ppm, rounding),
    rateOnVolumeDown: (volumeUnits, ppm) => mulDivRound(volumeUnits, minorUnitsPerCV * ppm, VOLUME_RATE_DIVISOR, 'down'),
  };
}

/**
 * The hot path of every order-based line under half-up rounding: floor((v·m + d/2) / d).
 * A float quotient of an integer n < 2^53 - d by d floors exactly (it cannot round up to the
 * next integer), so no remainder fix-up is needed; larger products take the exact route.
 */
function halfUpVolumeShare(volumeUnits: number, multiplier: number): number {
  const product = volumeUnits * multiplier + VOLUME_RATE_DIVISOR / 2;
  return product < EXACT_FLOOR_LIMIT ? Math.floor(product / VOLUME_RATE_DIVISOR) : mulDivRound(volumeUnits, multiplier, VOLUME_RATE_DIVISOR, 'half-up');
}
