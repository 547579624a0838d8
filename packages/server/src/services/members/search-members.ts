import { assertCan } from '../auth/permissions.ts';
import { sql } from 'kysely';
import type { MemberStatus, MemberType } from '../../db/schema.ts';
import type { RequestContext } from '../context.ts';
import { getCompany } from '../company/get-company.ts';
import { toMemberView } from './member-view.ts';
import { pageOf, type Page, type PageRequest } from '../paging.ts';

export interface SearchMembersInput extends PageRequest {
  /** Matches a name (any part), a member code (prefix) or a phone number (digits). */
  q?: string | undefined;
  type?: MemberType | undefined;
  status?: MemberStatus | undefined;
}

export async function searchMembers(ctx: RequestContext, input: SearchMembersInput): Promise<Page<ReturnType<typeof toMemberView>>> {
  assertCan(ctx, 'members:read');
  const company = await getCompany(ctx.db);
  let query = ctx.db
    .selectFrom('members as m')
    .leftJoin('members as s', 's.id', 'm.sponsor_id')
    .leftJoin('members as p', 'p.id', 'm.placement_parent_id')
    .selectAll('m')
    .select(['s.code as sponsor_code', 'p.code as placement_parent_code']);
  const q = input.q?.trim();
  if (q) {
    const digits = q.replace(/[^0-9]/g, '');
    const likeName = `%${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(m.name)`, 'like', likeName),
        eb('m.code', 'like', `${escapeLike(q.toUpperCase())}%`),
        ...(digits.length >= 4 ? [eb('m.phone', 'like', `%${digits}`)] : []),
      ]),
    );
  }
  if (input.type) query = query.where('m.type', '=', input.type);
  if (input.status) query = query.where('m.status', '=', input.status);
  const rows = await query.orderBy('m.id').limit(input.limit + 1).offset(input.offset).execute();
  return pageOf(
    rows.map((row) => toMemberView(row, { sponsorCode: row.sponsor_code, placementParentCode: row.placement_parent_code }, company.placement_tree)),
    input,
  );
}

/** Escapes LIKE wildcards so a search for "50%" matches the text, not a pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
