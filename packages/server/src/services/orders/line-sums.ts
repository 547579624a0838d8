/**
 * Volumes (QV, CV) are exact to the hundredth. Working in whole hundredths keeps
 * binary-float drift out of line volumes and of their sums.
 */
const toHundredths = (volume: number): number => Math.round(volume * 100);

/** The volume of `quantity` units: exact to the hundredth. */
export function volumeTimes(unitVolume: number, quantity: number): number {
  return (toHundredths(unitVolume) * quantity) / 100;
}

/** Money and volume totals of some lines: money summed as integers, volumes in hundredths. */
export function lineTotals(lines: readonly { amount: number; qv: number; cv: number }[]): { amount: number; qv: number; cv: number } {
  let amount = 0;
  let qv = 0;
  let cv = 0;
  for (const line of lines) {
    amount += line.amount;
    qv += toHundredths(line.qv);
    cv += toHundredths(line.cv);
  }
  return { amount, qv: qv / 100, cv: cv / 100 };
}
