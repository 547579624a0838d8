import { mulDivRound, type RoundingMode } from './rounding.ts';

/**
 * Exact rates. A rate is an integer number of parts per million (ppm), so "2.5%" is 25 000
 * and "0.0125%" is 125: every percentage with up to four decimals is held exactly, with no
 * binary fraction anywhere near money.
 */
export const RATE_SCALE = 1_000_000;
export const MAX_PERCENT_DECIMALS = 4;

const PERCENT_PATTERN = /^(\d{1,7})(?:\.(\d{1,4}))?%$/;

/** The textual form the plan accepts, for the JSON Schema. */
export const PERCENT_PATTERN_SOURCE = PERCENT_PATTERN.source;

/** Parses "2.5%" into parts per million; returns null when the text is not a percentage. */
export function tryParsePercent(text: string): number | null {
  const match = PERCENT_PATTERN.exec(text.trim());
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = (match[2] ?? '').padEnd(MAX_PERCENT_DECIMALS, '0');
  // 1% = 10 000 ppm; the four decimal digits are exactly the remaining ppm.
  return whole * 10_000 + Number(fraction);
}

/** Parses "2.5%" into parts per million; throws a RangeError on anything else. */
export function parsePercent(text: string): number {
  const ppm = tryParsePercent(text);
  if (ppm === null) {
    throw new RangeError(`expected a percentage like "2.5%" (at most ${MAX_PERCENT_DECIMALS} decimals), got ${JSON.stringify(text)}`);
  }
  return ppm;
}

/** Formats parts per million back to the shortest exact percentage text: 25 000 -> "2.5%". */
export function formatPercent(ppm: number): string {
  const whole = Math.trunc(ppm / 10_000);
  const fraction = String(ppm % 10_000).padStart(MAX_PERCENT_DECIMALS, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}

/** The amount a rate gives on an integer base, rounded once: applyRate(12 345, 25 000) = 309 (2.5% of 12 345 = 308.625). */
export function applyRate(base: number, ppm: number, mode: RoundingMode): number {
  return mulDivRound(base, ppm, RATE_SCALE, mode);
}
