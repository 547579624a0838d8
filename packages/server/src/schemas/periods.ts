import { z } from 'zod';
import { IsoDate } from './common.ts';

export const PeriodSchema = z
  .object({
    id: z.number().int(),
    start: IsoDate,
    end: IsoDate.describe('Inclusive'),
    status: z.enum(['open', 'closed', 'calculated', 'approved', 'committed', 'paid']),
    actions: z.array(z.string()).describe('What can be done with the period now'),
  })
  .meta({ id: 'Period' });

export const PeriodIdParam = z.object({ id: z.coerce.number().int().positive() });
export const PeriodChangeBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).strict();
