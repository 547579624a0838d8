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

  const bigTotal = BigInt(total);
  const bigWeightSum = BigInt(weightSum);
  const parts: number[] = [];
  const remainders: bigint[] = [];
  let allotted = 0;
  for (const weight of weights) {
    const exact = bigTotal * BigInt(weight); // share = exact / weightSum
    const part = exact / bigWeightSum;
    parts.push(Number(part));
    remainders.push(exact - part * bigWeightSum);
    allotted += Number(part);
  }
  const byRemainder = parts.map((_, index) => index)
    .sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (let unit = 0; unit < total - allotted; unit += 1) parts[byRemainder[unit]!]! += 1;
  return parts;
}
