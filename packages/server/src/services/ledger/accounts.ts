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
  for (const [key, name, kind] of ACCOUNTS) {
    const code = `${name}:${currency}`;
    await sql`INSERT INTO ledger_accounts (code, kind, currency) VALUES (${code}, ${kind}, ${currency}) ON CONFLICT (code) DO NOTHING`.execute(db);
    const row = await db.selectFrom('ledger_accounts').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    accounts[key] = row.id;
  }
  return accounts;
}

/** A member's wallet account in a currency: its balance is the sum of its entries, credit (negative) meaning owed to the member. */
export function walletCode(memberId: number, currency: string): string {
  return `wallet:${memberId}:${currency}`;
}
