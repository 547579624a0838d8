import type { z } from 'zod';
import { SamoohError } from '../../errors.ts';
import type { PayoutBatchSchema, PayoutSchema } from '../../schemas/payouts.ts';
import { assertCan } from '../auth/permissions.ts';
import type { Db, RequestContext } from '../context.ts';

/** A payout as the API shows it (bank account masked: only the last four digits). */
export type PayoutView = z.infer<typeof PayoutSchema>;
export type PayoutBatchView = z.infer<typeof PayoutBatchSchema>;

export function maskAccount(account: string | null): string | null {
  return account === null ? null : `${'•'.repeat(Math.max(0, account.length - 4))}${account.slice(-4)}`;
}

export async function getPayoutBatch(db: Db, batchId: number): Promise<PayoutBatchView> {
  const batch = await db.selectFrom('payout_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!batch) throw new SamoohError('PAYOUT_BATCH_NOT_FOUND', { batch: String(batchId) });
  const rows = await db
    .selectFrom('payouts as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .select(['p.id', 'p.member_id', 'm.code', 'p.account_holder', 'p.bank_account', 'p.amount', 'p.status', 'p.reference', 'p.failure_reason'])
    .where('p.batch_id', '=', batchId)
    .orderBy('p.id')
    .execute();
  const payouts = rows.map((row): PayoutView => ({
    id: row.id, memberId: row.member_id, code: row.code, accountHolder: row.account_holder, bankAccount: maskAccount(row.bank_account),
    amount: row.amount, status: row.status, reference: row.reference, failureReason: row.failure_reason,
  }));
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: batch.id, status: batch.status, currency: batch.currency, total: payouts.reduce((sum, payout) => sum + payout.amount, 0), payouts,
    createdAt: iso(batch.created_at)!, exportedAt: iso(batch.exported_at), settledAt: iso(batch.settled_at),
  };
}

/** A batch for the finance screen. */
export async function viewPayoutBatch(ctx: RequestContext, batchId: number): Promise<PayoutBatchView> {
  assertCan(ctx, 'payouts:manage');
  return getPayoutBatch(ctx.db, batchId);
}
