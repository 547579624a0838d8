/**
 * How column values come back from either driver. Money and ids are bigint in
 * the database; they are read as JS numbers, which is exact up to 2^53 (about
 * 90 trillion rupees in paise), and anything beyond that is refused loudly
 * rather than rounded. Dates stay as 'YYYY-MM-DD' strings so no time zone
 * can shift them.
 */
export const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint value ${text} is beyond the exact range of a JS number`);
  return value;
}

export function parseNumeric(text: string): number {
  return Number(text);
}

export function parseDate(text: string): string {
  return text;
}

export const typeParsers: Record<number, (text: string) => unknown> = {
  [OID.int8]: parseInt8,
  [OID.numeric]: parseNumeric,
  [OID.date]: parseDate,
};
