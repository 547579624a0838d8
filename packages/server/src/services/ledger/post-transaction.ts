import { sql } from 'kysely';
import type { LedgerTransactionKind } from '../../db/schema.ts';
import type { Db } from '../context.ts';

export interface Posting {
  kind: LedgerTransactionKind;
  /** Unique: posting the same reference twice is refused by the database. */
  reference: string;
  memo: string;
  periodId?: number | null;
  memberId?: number | null;
  createdBy: number | null;
  /** Positive debits, negative credits; they must sum to zero. Zero amounts are left out. */
  entries: { accountId: number; amount: number }[];
}

/** Writes one balanced transaction: its entries in one statement, which the ledger's balance trigger checks as a whole. */
export async function postTransaction(db: Db, posting: Posting): Promise<number> {
  const entries = posting.entries.filter((entry) => entry.amount !== 0);
  const transaction = await db
    .insertInto('ledger_transactions')
    .values({ kind: posting.kind, reference: posting.reference, memo: posting.memo, period_id: posting.periodId ?? null, member_id: posting.memberId ?? null, created_by: posting.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (entries.length > 0) {
    await db.insertInto('ledger_entries').values(entries.map((entry) => ({ transaction_id: transaction.id, account_id: entry.accountId, amount: entry.amount }))).execute();
  }
  return transaction.id;
}

/** A member's wallet balance in minor units (what the company owes them), derived from its entries. */
export async function walletBalance(db: Db, accountId: number): Promise<number> {
  const { rows } = await sql<{ balance: number | null }>`SELECT -sum(amount)::bigint AS balance FROM ledger_entries WHERE account_id = ${accountId}`.execute(db);
  return rows[0]?.balance ?? 0;
}
