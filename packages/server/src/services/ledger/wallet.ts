import { walletBalance } from './post-transaction.ts';
import { assertMayReadEarnings } from '../auth/member-access.ts';
import type { RequestContext } from '../context.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { walletCode } from './accounts.ts';

export interface WalletEntry {
  id: number;
  at: string;
  kind: string;
  reference: string;
  memo: string;
  periodId: number | null;
  /** Minor units; positive adds to what the member is owed. */
  amount: number;
}

export interface Wallet {
  memberId: number;
  currency: string;
  /** Owed to the member; negative after clawbacks larger than later earnings. */
  balance: number;
  entries: WalletEntry[];
  nextBefore: number | null;
}

/** A member's wallet: the balance derived from the ledger, and its entries newest first, paged by entry id. */
export async function getWallet(ctx: RequestContext, ref: MemberRef, page: { limit?: number; before?: number | undefined } = {}): Promise<Wallet> {
  const member = await requireMember(ctx.db, ref);
  await assertMayReadEarnings(ctx, member);
  const { currency } = await ctx.db.selectFrom('company').select('currency').executeTakeFirstOrThrow();
  const account = await ctx.db.selectFrom('ledger_accounts').select('id').where('code', '=', walletCode(member.id, currency)).executeTakeFirst();
  if (!account) return { memberId: member.id, currency, balance: 0, entries: [], nextBefore: null };
  const limit = page.limit ?? 50;
  const balance = await walletBalance(ctx.db, account.id);
  const rows = await ctx.db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['e.id', 't.created_at', 't.kind', 't.reference', 't.memo', 't.period_id', 'e.amount'])
    .where('e.account_id', '=', account.id)
    .$if(page.before !== undefined, (query) => query.where('e.id', '<', page.before!))
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute();
  const entries = rows.slice(0, limit).map((row) => ({
    id: row.id, at: new Date(row.created_at).toISOString(), kind: row.kind, reference: row.reference, memo: row.memo, periodId: row.period_id, amount: -row.amount,
  }));
  return { memberId: member.id, currency, balance, entries, nextBefore: rows.length > limit ? entries.at(-1)!.id : null };
}
