import { z } from 'zod';
import { blankToUndefined } from './csv-source.ts';

/** A CSV cell that may be left empty. */
export const optionalCell = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** YYYY-MM-DD, or a full ISO date-time with offset. */
export const csvDateOrDateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), 'a date YYYY-MM-DD or an ISO date-time');

export const csvInteger = (min: number, max: number) => z.coerce.number({ error: 'a whole number' }).int('a whole number').min(min).max(max);

export const csvBoolean = z.enum(['true', 'false', 'yes', 'no', '1', '0']).transform((v) => v === 'true' || v === 'yes' || v === '1');
