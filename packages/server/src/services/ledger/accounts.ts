import { sql } from 'kysely';
import type { Db } from '../context.ts';

export interface CompanyAccounts {
  commissionExpense: number;
  taxPayable: number;
  fees: number;
  payoutsClearing: number;
  bank: number;
}

const ACCOUNTS = [
  ['commissionExpense', 'commission-expense', 'commission_expense'],
  ['taxPayable', 'tax-payable', 'tax_payable'],
  ['fees', 'fee-income', 'fees'],
  ['payoutsClearing', 'payouts-clearing', 'clearing'],
  ['bank', 'bank', 'bank'],
] as const;

/** The company's own ledger accounts in a currency, created the first time they are needed. */
export async function companyAccounts(db: Db, currency: string): Promise<CompanyAccounts> {
  const accounts = {} as CompanyAccounts;
  for (const [key, name, kind] of ACCOUNTS) accounts[key] = await openAccount(db, `${name}:${currency}`, kind, null, currency);
  return accounts;
}

/** A member's wallet account in a currency, opened if this is its first entry. */
export async function walletAccount(db: Db, memberId: number, currency: string): Promise<number> {
  return openAccount(db, walletCode(memberId, currency), 'member_wallet', memberId, currency);
}

/** The id of the account with this code, created the first time it is needed. */
async function openAccount(db: Db, code: string, kind: string, memberId: number | null, currency: string): Promise<number> {
  await sql`INSERT INTO ledger_accounts (code, kind, member_id, currency) VALUES (${code}, ${kind}, ${memberId}, ${currency}) ON CONFLICT (code) DO NOTHING`.execute(db);
  const row = await db.selectFrom('ledger_accounts').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

/** A member's wallet account in a currency: its balance is the sum of its entries, credit (negative) meaning owed to the member. */
export function walletCode(memberId: number, currency: string): string {
  return `wallet:${memberId}:${currency}`;
}
