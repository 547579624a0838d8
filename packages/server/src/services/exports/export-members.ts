import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { getCompany } from '../company/get-company.ts';
import { MEMBER_COLUMNS } from '../imports/import-members.ts';
import { maskTail, slotLabel } from '../members/member-view.ts';
import { csvWriter } from './csv-writer.ts';

const BATCH = 5000;

/**
 * Writes every member as CSV in the import format, read in id order in
 * batches from one consistent snapshot. PAN and bank account are masked
 * unless includeKyc is set.
 */
export async function exportMembers(db: Kysely<Database>, path: string, options: { includeKyc?: boolean; onProgress?: (done: number) => void } = {}) {
  const columns = [...MEMBER_COLUMNS.required, ...MEMBER_COLUMNS.optional];
  const out = csvWriter(path, columns);
  let written = 0;
  try {
    await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      const company = await getCompany(tx);
      let after = 0;
      for (;;) {
        const rows = await tx
          .selectFrom('members as m')
          .leftJoin('members as s', 's.id', 'm.sponsor_id')
          .leftJoin('members as p', 'p.id', 'm.placement_parent_id')
          .select(['m.id', 'm.code', 'm.name', 'm.type', 's.code as sponsor_code', 'p.code as parent_code', 'm.placement_slot', 'm.phone', 'm.email', 'm.country', 'm.language', 'm.joined_at', 'm.pan', 'm.bank_account', 'm.bank_ifsc'])
          .where('m.id', '>', after)
          .orderBy('m.id')
          .limit(BATCH)
          .execute();
        for (const row of rows) {
          const kyc = (value: string | null) => (options.includeKyc ? value : maskTail(value));
          await out.write([
            row.code, row.name, row.type, row.sponsor_code ?? '', row.parent_code ?? '', slotLabel(company.placement_tree, row.placement_slot) ?? '',
            row.phone ?? '', row.email ?? '', row.country, row.language, row.joined_at.toISOString(), kyc(row.pan) ?? '', kyc(row.bank_account) ?? '', row.bank_ifsc ?? '',
          ]);
        }
        written += rows.length;
        options.onProgress?.(written);
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1]!.id;
      }
    });
  } finally {
    await out.close();
  }
  return { written };
}
