import { z } from 'zod';
import { hasAtMostTwoDecimals, MAX_UNIT_VOLUME } from '../../schemas/common.ts';
import { blankToUndefined } from './csv-source.ts';

/** A CSV cell that may be left empty. */
export const optionalCell = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** True for a day that exists in the calendar (no 30 February). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** YYYY-MM-DD, or a full ISO date-time with offset; the day must exist. */
export const csvDateOrDateTime = z
  .string()
  .refine(
    (v) => isCalendarDate(v) && (/^\d{4}-\d{2}-\d{2}$/.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)))),
    'a real date YYYY-MM-DD or an ISO date-time',
  );

export const csvInteger = (min: number, max: number) => z.coerce.number({ error: 'a whole number' }).int('a whole number').min(min).max(max);

export const csvBoolean = z.enum(['true', 'false', 'yes', 'no', '1', '0']).transform((v) => v === 'true' || v === 'yes' || v === '1');

/** A QV or CV per unit: at most MAX_UNIT_VOLUME, exact to two decimals. */
export const csvVolume = z.coerce
  .number({ error: 'a number' })
  .min(0)
  .max(MAX_UNIT_VOLUME)
  .refine(hasAtMostTwoDecimals, 'at most two decimals');
