import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { getCompany } from '../company/get-company.ts';
import { MEMBER_COLUMNS } from '../imports/import-members.ts';
import { maskTail, slotLabel } from '../members/member-view.ts';
import { exportInBatches } from './export-in-batches.ts';

/**
 * Writes every member as CSV in the import format. PAN and bank account are
 * masked unless includeKyc is set.
 */
export async function exportMembers(db: Kysely<Database>, path: string, options: { includeKyc?: boolean; onProgress?: (done: number) => void } = {}) {
  const company = await getCompany(db);
  const kyc = (value: string | null) => (options.includeKyc ? value : maskTail(value)) ?? '';
  const written = await exportInBatches(
    db,
    path,
    {
      columns: [...MEMBER_COLUMNS.required, ...MEMBER_COLUMNS.optional],
      fetch: (tx, after, limit) =>
        tx
          .selectFrom('members as m')
          .leftJoin('members as s', 's.id', 'm.sponsor_id')
          .leftJoin('members as p', 'p.id', 'm.placement_parent_id')
          .select(['m.id', 'm.code', 'm.name', 'm.type', 's.code as sponsor_code', 'p.code as parent_code', 'm.placement_slot', 'm.phone', 'm.email', 'm.country', 'm.language', 'm.joined_at', 'm.pan', 'm.bank_account', 'm.bank_ifsc'])
          .where('m.id', '>', after)
          .orderBy('m.id')
          .limit(limit)
          .execute(),
      toCsv: (row) => [
        row.code, row.name, row.type, row.sponsor_code ?? '', row.parent_code ?? '', slotLabel(company.placement_tree, row.placement_slot) ?? '',
        row.phone ?? '', row.email ?? '', row.country, row.language, row.joined_at.toISOString(), kyc(row.pan), kyc(row.bank_account), row.bank_ifsc ?? '',
      ],
    },
    options.onProgress,
  );
  return { written };
}
