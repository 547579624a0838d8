import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

export type Random = RandomGenerator;

/**
 * An independent random stream for one part of the demo (network, order
 * schedule, order contents): changing how one part draws leaves the others'
 * numbers untouched. Each stream starts a jump of 2^64 draws further on.
 */
export function randomStream(seed: number, stream: number): Random {
  const rng = xoroshiro128plus(seed);
  for (let jumps = 0; jumps <= stream; jumps++) rng.jump();
  return rng;
}

/** A whole number from min to max, both included. */
export function randomInt(rng: Random, min: number, max: number): number {
  return uniformInt(rng, min, max);
}

/** True with probability p. */
export function chance(rng: Random, p: number): boolean {
  return uniformFloat64(rng) < p;
}

/** An index into weights, drawn in proportion to them. */
export function pickWeighted(rng: Random, weights: readonly number[]): number {
  let remaining = uniformFloat64(rng) * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, weight] of weights.entries()) {
    remaining -= weight;
    if (remaining < 0) return index;
  }
  return weights.length - 1;
}
