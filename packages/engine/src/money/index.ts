export { RATE_SCALE, parsePercent, tryParsePercent, formatPercent, applyRate } from './rate.ts';
export { type RoundingMode, ROUNDING_MODES, divRound, mulDivRound } from './rounding.ts';
export { splitLargestRemainder } from './split.ts';
