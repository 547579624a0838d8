import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { getCompany } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { companyAccounts } from '../ledger/accounts.ts';
import { postTransaction } from '../ledger/post-transaction.ts';
import { requireMember, type MemberRef } from '../members/find-member.ts';
import { formatMoney } from '../commissions/money-format.ts';
import { getPayoutBatch, type PayoutBatchView } from './batch-view.ts';
import { walletStandings } from './payable.ts';

/**
 * Builds a payout batch from payable wallets: at least the company's minimum,
 * no hold, KYC verified with bank details. Each payout moves its amount out of
 * the wallet into payouts clearing at once, so it cannot be paid twice; it
 * leaves clearing when the bank confirms it (or returns to the wallet if it fails).
 * Naming members pays only them, and refuses a held or too small wallet by name.
 */
export async function buildPayoutBatch(ctx: RequestContext, options: { members?: MemberRef[] } = {}): Promise<PayoutBatchView> {
  assertCan(ctx, 'payouts:manage');
  return inTransaction(ctx, async (tx) => {
    const company = await getCompany(tx.db);
    const named = options.members ? await Promise.all(options.members.map(async (ref) => (await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true })).id)) : undefined;
    const standings = await walletStandings(tx.db, company.currency, named);
    const money = (minor: number) => formatMoney(ctx.language, company.currency, minor);
    if (named) {
      for (const wallet of standings) {
        if (wallet.hold) throw new SamoohError('WALLET_ON_HOLD', { member: wallet.code, reason: wallet.hold });
        if (wallet.balance < company.minimum_payout) throw new SamoohError('BELOW_MINIMUM_PAYOUT', { member: wallet.code, balance: money(wallet.balance), minimum: money(company.minimum_payout) });
      }
    }
    const payable = standings.filter((wallet) => !wallet.hold && wallet.balance >= company.minimum_payout && wallet.balance > 0);
    if (payable.length === 0) throw new SamoohError('NOTHING_TO_PAY', { minimum: money(company.minimum_payout) });

    const accounts = await companyAccounts(tx.db, company.currency);
    const batch = await tx.db.insertInto('payout_batches').values({ currency: company.currency, created_by: ctx.actor.id }).returning('id').executeTakeFirstOrThrow();
    for (const wallet of payable) {
      const payout = await tx.db
        .insertInto('payouts')
        .values({ batch_id: batch.id, member_id: wallet.memberId, amount: wallet.balance, account_holder: wallet.name, bank_account: wallet.bankAccount, bank_ifsc: wallet.bankIfsc })
        .returning('id')
        .executeTakeFirstOrThrow();
      const reference = `PO${batch.id}-${payout.id}`;
      const transactionId = await postTransaction(tx.db, {
        kind: 'payout', reference: `payout:${payout.id}`, memo: `payout ${reference}`, memberId: wallet.memberId, createdBy: ctx.actor.id,
        entries: [{ accountId: wallet.accountId, amount: wallet.balance }, { accountId: accounts.payoutsClearing, amount: -wallet.balance }],
      });
      await tx.db.updateTable('payouts').set({ reference, ledger_transaction_id: transactionId }).where('id', '=', payout.id).execute();
    }
    await writeAudit(tx, { action: 'payout_batch.built', entity: 'payout_batch', entityId: batch.id, after: { payouts: payable.length, total: payable.reduce((sum, wallet) => sum + wallet.balance, 0) } });
    return getPayoutBatch(tx.db, batch.id);
  });
}
