/**
 * Integer division with a stated rounding rule. Every amount in the engine is an integer
 * number of minor units, produced by exactly one rounded division of exact integers.
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down';

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down'];

/** Rounds numerator / divisor (integers, divisor > 0, numerator >= 0) by the mode. */
export function divRound(numerator: number, divisor: number, mode: RoundingMode): number {
  if (!Number.isSafeInteger(numerator)) return Number(divRoundBig(BigInt(numerator), BigInt(divisor), mode));
  // The float quotient can be one off near an integer; the exact remainder corrects it.
  let quotient = Math.floor(numerator / divisor);
  let remainder = numerator - quotient * divisor;
  if (remainder < 0) { quotient -= 1; remainder += divisor; }
  else if (remainder >= divisor) { quotient += 1; remainder -= divisor; }
  return quotient + roundUpIncrement(Math.sign(remainder * 2 - divisor), quotient % 2 !== 0, mode);
}

/** Rounds a × b / divisor exactly, falling back to BigInt when a × b leaves the safe range. */
export function mulDivRound(a: number, b: number, divisor: number, mode: RoundingMode): number {
  const product = a * b;
  if (product <= Number.MAX_SAFE_INTEGER) return divRound(product, divisor, mode);
  return Number(divRoundBig(BigInt(a) * BigInt(b), BigInt(divisor), mode));
}

function divRoundBig(numerator: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / divisor;
  const twiceRemainder = (numerator - quotient * divisor) * 2n;
  const halfComparison = twiceRemainder === divisor ? 0 : twiceRemainder > divisor ? 1 : -1;
  return quotient + BigInt(roundUpIncrement(halfComparison, quotient % 2n !== 0n, mode));
}

/**
 * 1 when the quotient must be rounded up. halfComparison compares the discarded remainder
 * with one half of the divisor: -1 below, 0 exactly half, 1 above.
 */
function roundUpIncrement(halfComparison: number, quotientIsOdd: boolean, mode: RoundingMode): number {
  switch (mode) {
    case 'down':
      return 0;
    case 'half-up':
      return halfComparison >= 0 ? 1 : 0;
    case 'half-even':
      return halfComparison > 0 || (halfComparison === 0 && quotientIsOdd) ? 1 : 0;
  }
}
