import { z } from 'zod';
import { Money } from './common.ts';

export const PayoutSchema = z.object({
  id: z.number().int(), memberId: z.number().int(), code: z.string(), accountHolder: z.string(), bankAccount: z.string().nullable().describe('Masked'),
  amount: Money, status: z.enum(['pending', 'paid', 'failed']), reference: z.string().nullable(), failureReason: z.string().nullable(),
});

export const PayoutBatchSchema = z
  .object({
    id: z.number().int(), status: z.enum(['draft', 'exported', 'settled']), currency: z.string(), total: Money, payouts: z.array(PayoutSchema),
    createdAt: z.string(), exportedAt: z.string().nullable(), settledAt: z.string().nullable(),
  })
  .meta({ id: 'PayoutBatch' });

/** A wallet with a balance and no payout under way, with any hold on it. */
export const WalletStandingSchema = z.object({
  memberId: z.number().int(), code: z.string(), name: z.string(), balance: Money, bankAccount: z.string().nullable().describe('Masked'), hold: z.string().nullable(),
});
