import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { companyAccounts, walletAccount } from './accounts.ts';
import { postTransaction, walletBalance } from './post-transaction.ts';

export interface WalletAdjustment {
  /** Minor units: positive adds to what the member is owed, negative takes from it. */
  amount: number;
  /** Why, in words the member may read on their wallet. */
  reason: string;
}

export interface AdjustmentResult {
  transactionId: number;
  memberId: number;
  amount: number;
  reason: string;
  /** The wallet balance after the adjustment. */
  balance: number;
  /** False when the same idempotency key had already posted this adjustment. */
  created: boolean;
}

/**
 * A manual correction of a member's wallet, posted against commission expense:
 * one balanced ledger transaction, never an edit of a balance, with the reason
 * in its memo and in the audit log. A repeated request with the same
 * idempotency key returns the first posting instead of paying twice.
 */
export async function adjustWallet(ctx: RequestContext, ref: MemberRef, adjustment: WalletAdjustment, idempotencyKey?: string): Promise<AdjustmentResult> {
  assertCan(ctx, 'payouts:manage');
  const reason = adjustment.reason.trim();
  if (!Number.isSafeInteger(adjustment.amount) || adjustment.amount === 0) throw new SamoohError('ADJUSTMENT_AMOUNT_INVALID', { amount: String(adjustment.amount) });
  if (reason.length < 5) throw new SamoohError('ADJUSTMENT_REASON_REQUIRED', {});
  const reference = `adjustment:${idempotencyKey ?? randomUUID()}`;
  return inTransaction(ctx, async (tx) => {
    const member = await requireMember(tx.db, ref);
    const { currency } = await tx.db.selectFrom('company').select('currency').executeTakeFirstOrThrow();
    const earlier = await tx.db.selectFrom('ledger_transactions').select(['id', 'member_id', 'memo']).where('reference', '=', reference).executeTakeFirst();
    const wallet = await walletAccount(tx.db, member.id, currency);
    if (earlier) {
      const { rows } = await sql<{ amount: number }>`SELECT -amount AS amount FROM ledger_entries WHERE transaction_id = ${earlier.id} AND account_id = ${wallet}`.execute(tx.db);
      if (earlier.member_id !== member.id || earlier.memo !== reason || rows[0]?.amount !== adjustment.amount) throw new SamoohError('IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey ?? '' });
      return { transactionId: earlier.id, memberId: member.id, amount: adjustment.amount, reason, balance: await walletBalance(tx.db, wallet), created: false };
    }
    const accounts = await companyAccounts(tx.db, currency);
    const transactionId = await postTransaction(tx.db, {
      kind: 'adjustment', reference, memo: reason, memberId: member.id, createdBy: ctx.actor.id,
      // A wallet credit (negative) is what the company owes the member.
      entries: [{ accountId: accounts.commissionExpense, amount: adjustment.amount }, { accountId: wallet, amount: -adjustment.amount }],
    });
    await writeAudit(tx, { action: 'wallet.adjust', entity: 'member', entityId: member.id, reason, after: { amount: adjustment.amount, currency, transactionId } });
    return { transactionId, memberId: member.id, amount: adjustment.amount, reason, balance: await walletBalance(tx.db, wallet), created: true };
  });
}

