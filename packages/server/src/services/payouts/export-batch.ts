import { stringify } from 'csv-stringify/sync';
import { assertCan } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { getPayoutBatch } from './batch-view.ts';

/**
 * The bank transfer file of a batch: account holder, account number, IFSC,
 * amount in rupees with paise, and the reference the bank echoes back. The
 * first export moves the batch to "exported"; later exports give the same file.
 */
export async function exportPayoutBatch(ctx: RequestContext, batchId: number): Promise<string> {
  assertCan(ctx, 'payouts:manage');
  return inTransaction(ctx, async (tx) => {
    await getPayoutBatch(tx.db, batchId);
    const rows = await tx.db
      .selectFrom('payouts')
      .select(['account_holder', 'bank_account', 'bank_ifsc', 'amount', 'reference'])
      .where('batch_id', '=', batchId)
      .orderBy('id')
      .execute();
    const exported = await tx.db.updateTable('payout_batches').set({ status: 'exported', exported_at: new Date() }).where('id', '=', batchId).where('status', '=', 'draft').executeTakeFirst();
    if (exported.numUpdatedRows > 0n) await writeAudit(tx, { action: 'payout_batch.exported', entity: 'payout_batch', entityId: batchId, after: { payouts: rows.length } });
    return stringify([
      ['account_holder', 'account_number', 'ifsc', 'amount', 'reference'],
      ...rows.map((row) => [row.account_holder, row.bank_account ?? '', row.bank_ifsc ?? '', (row.amount / 100).toFixed(2), row.reference ?? '']),
    ]);
  });
}
