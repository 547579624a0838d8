import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { emitEvent } from '../webhooks/events.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { notifyMember } from '../notifications/notify.ts';
import { companyAccounts, walletCode } from '../ledger/accounts.ts';
import { postTransaction } from '../ledger/post-transaction.ts';
import { getPayoutBatch, type PayoutBatchView } from './batch-view.ts';

export type Settlement = { outcome: 'paid' } | { outcome: 'failed'; reason: string };

/**
 * Records what the bank did with one payout: paid leaves payouts clearing for
 * the bank account; failed returns the amount to the member's wallet. When
 * every payout of the batch is settled, the batch is.
 */
export async function settlePayout(ctx: RequestContext, payoutId: number, settlement: Settlement): Promise<PayoutBatchView> {
  assertCan(ctx, 'payouts:manage');
  return inTransaction(ctx, async (tx) => {
    const payout = await tx.db
      .selectFrom('payouts as p')
      .innerJoin('payout_batches as b', 'b.id', 'p.batch_id')
      .select(['p.id', 'p.batch_id', 'p.member_id', 'p.amount', 'p.status', 'b.status as batch_status', 'b.currency'])
      .where('p.id', '=', payoutId)
      .forUpdate()
      .executeTakeFirst();
    if (!payout) throw new SamoohError('PAYOUT_NOT_FOUND', { payout: String(payoutId) });
    if (payout.status !== 'pending') throw new SamoohError('PAYOUT_ALREADY_SETTLED', { payout: payoutId, status: payout.status });
    if (payout.batch_status === 'draft') throw new SamoohError('PAYOUT_NOT_EXPORTED', { payout: payoutId });

    const accounts = await companyAccounts(tx.db, payout.currency);
    const wallet = await tx.db.selectFrom('ledger_accounts').select('id').where('code', '=', walletCode(payout.member_id, payout.currency)).executeTakeFirstOrThrow();
    const counterpart = settlement.outcome === 'paid' ? accounts.bank : wallet.id;
    const transactionId = await postTransaction(tx.db, {
      kind: 'payout', reference: `payout:${payout.id}:${settlement.outcome}`, memo: settlement.outcome === 'paid' ? 'paid by bank transfer' : `bank transfer failed: ${settlement.reason}`,
      memberId: payout.member_id, createdBy: ctx.actor.id,
      entries: [{ accountId: accounts.payoutsClearing, amount: payout.amount }, { accountId: counterpart, amount: -payout.amount }],
    });
    await tx.db
      .updateTable('payouts')
      .set({ status: settlement.outcome, failure_reason: settlement.outcome === 'failed' ? settlement.reason : null, settled_at: new Date(), settlement_transaction_id: transactionId })
      .where('id', '=', payout.id)
      .execute();
    await sql`UPDATE payout_batches SET status = 'settled', settled_at = now()
               WHERE id = ${payout.batch_id} AND NOT EXISTS (SELECT 1 FROM payouts WHERE batch_id = ${payout.batch_id} AND status = 'pending')`.execute(tx.db);
    if (settlement.outcome === 'paid') await notifyMember(tx.db, 'payout.paid', payout.member_id, { amount: payout.amount, currency: payout.currency, payout: payout.id });
    await writeAudit(tx, {
      action: `payout.${settlement.outcome}`, entity: 'payout', entityId: payout.id,
      reason: settlement.outcome === 'failed' ? settlement.reason : null, after: { amount: payout.amount, memberId: payout.member_id },
    });
    if (settlement.outcome === 'paid') {
      const member = await tx.db.selectFrom('members').select(['id', 'code', 'name']).where('id', '=', payout.member_id).executeTakeFirstOrThrow();
      await emitEvent(tx.db, 'payout.paid', { payout: { id: payout.id, batchId: payout.batch_id, amount: payout.amount, currency: payout.currency, member } });
    }
    return getPayoutBatch(tx.db, payout.batch_id);
  });
}
