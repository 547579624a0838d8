import { z } from 'zod';
import { IsoDate } from './common.ts';

export const PeriodSchema = z
  .object({
    id: z.number().int(),
    start: IsoDate,
    end: IsoDate.describe('Inclusive'),
    status: z.enum(['open', 'closed', 'calculated', 'approved', 'committed', 'paid']),
  })
  .meta({ id: 'Period' });
