/**
 * Splits an integer total in proportion to integer weights so that the parts add up to the
 * total exactly (largest-remainder / Hamilton method). Each part first gets the floor of its
 * exact share; the units left over go one each to the largest remainders, ties to the
 * earlier position, so callers decide tie order by the order they pass the weights in.
 */
export function splitLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  const weightSum = weights.reduce((sum, weight) => {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weights must be non-negative integers, got ${weight}`);
    return sum + weight;
  }, 0);
  if (weightSum === 0) return weights.map(() => 0);

  const maxWeight = weights.reduce((max, weight) => Math.max(max, weight), 0);
  const { parts, remainders } = total * maxWeight + weightSum <= Number.MAX_SAFE_INTEGER
    ? floorShares(total, weights, weightSum)
    : floorSharesBig(total, weights, weightSum);
  let allotted = 0;
  for (const part of parts) allotted += part;
  const byRemainder = parts.map((_, index) => index)
    .sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (let unit = 0; unit < total - allotted; unit += 1) parts[byRemainder[unit]!]! += 1;
  return parts;
}

/** Each floor(total × weight / weightSum) and its remainder, in exact float arithmetic (every product is a safe integer). */
function floorShares(total: number, weights: readonly number[], weightSum: number): { parts: number[]; remainders: number[] } {
  const parts: number[] = [];
  const remainders: number[] = [];
  for (const weight of weights) {
    const exact = total * weight;
    // The float quotient can be one off near an integer; the exact remainder corrects it.
    let part = Math.floor(exact / weightSum);
    let remainder = exact - part * weightSum;
    if (remainder < 0) { part -= 1; remainder += weightSum; } else if (remainder >= weightSum) { part += 1; remainder -= weightSum; }
    parts.push(part);
    remainders.push(remainder);
  }
  return { parts, remainders };
}

/** The same through BigInt, for products past the float-safe range. */
function floorSharesBig(total: number, weights: readonly number[], weightSum: number): { parts: number[]; remainders: bigint[] } {
  const bigTotal = BigInt(total);
  const bigWeightSum = BigInt(weightSum);
  const parts: number[] = [];
  const remainders: bigint[] = [];
  for (const weight of weights) {
    const exact = bigTotal * BigInt(weight); // share = exact / weightSum
    const part = exact / bigWeightSum;
    parts.push(Number(part));
    remainders.push(exact - part * bigWeightSum);
  }
  return { parts, remainders };
}
