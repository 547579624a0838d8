import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import { getCompany } from '../company/get-company.ts';
import type { Db, RequestContext } from '../context.ts';
import { maskAccount } from './batch-view.ts';

export interface WalletStanding {
  memberId: number;
  code: string;
  name: string;
  accountId: number;
  balance: number;
  bankAccount: string | null;
  bankIfsc: string | null;
  /** Why payouts are held, or null: an admin's hold, or KYC not verified / bank details missing. */
  hold: string | null;
}

/** Why a member's payouts are held; earning goes on regardless. */
export function holdReason(member: { payout_hold: string | null; payout_hold_kind?: string | null; kyc_status: string; bank_account: string | null; bank_ifsc: string | null }): string | null {
  if (member.payout_hold) return member.payout_hold_kind === 'compliance' ? `compliance hold: ${member.payout_hold}` : member.payout_hold;
  if (member.kyc_status !== 'verified') return 'KYC not verified';
  if (!member.bank_account || !member.bank_ifsc) return 'bank account missing';
  return null;
}

/** Wallets with a positive balance and no payout already on its way, with what may hold them. */
export async function walletStandings(db: Db, currency: string, onlyMembers?: readonly number[]): Promise<WalletStanding[]> {
  const filter = onlyMembers ? sql`AND m.id = ANY(${sql.val([...onlyMembers])}::bigint[])` : sql``;
  const { rows } = await sql<{ member_id: number; code: string; name: string; account_id: number; balance: number; bank_account: string | null; bank_ifsc: string | null; kyc_status: string; payout_hold: string | null; payout_hold_kind: string | null }>`
    SELECT m.id AS member_id, m.code, m.name, a.id AS account_id, -sum(e.amount)::bigint AS balance, m.bank_account, m.bank_ifsc, m.kyc_status, m.payout_hold, m.payout_hold_kind
      FROM ledger_accounts a
      JOIN members m ON m.id = a.member_id
      JOIN ledger_entries e ON e.account_id = a.id
     WHERE a.kind = 'member_wallet' AND a.currency = ${currency} ${filter}
       AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.member_id = m.id AND p.status = 'pending')
     GROUP BY m.id, a.id
    ORDER BY m.code`.execute(db);
  return rows.map((row) => ({
    memberId: row.member_id, code: row.code, name: row.name, accountId: row.account_id, balance: row.balance,
    bankAccount: row.bank_account, bankIfsc: row.bank_ifsc, hold: holdReason(row),
  }));
}

/** Every wallet with a balance, its hold, and the company's minimum payout; bank accounts masked. */
export async function listWalletStandings(ctx: RequestContext) {
  assertCan(ctx, 'payouts:manage');
  const company = await getCompany(ctx.db);
  const standings = await walletStandings(ctx.db, company.currency);
  return {
    minimumPayout: company.minimum_payout,
    items: standings.map(({ accountId: _account, bankIfsc: _ifsc, bankAccount, ...wallet }) => ({ ...wallet, bankAccount: maskAccount(bankAccount) })),
  };
}
