import { sql } from 'kysely';
import type { Language } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { HIGHEST_RANKS_SQL, ranksAtLeast } from '../community-ranks.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { findMember, type MemberRef } from '../members/find-member.ts';

/**
 * Who an announcement is for. The company (community:manage) addresses every
 * member, narrowed by any of: recognition rank at or above, region, language.
 * A distributor addresses their own sponsor downline only: the whole of it or
 * `levels` deep, one leg (a member they sponsored, with that member's
 * downline), or their frontline (levels: 1).
 */
export type Audience =
  | { scope: 'company'; rankAtLeast?: string; region?: string; language?: Language }
  | { scope: 'downline'; levels?: number; leg?: MemberRef; frontline?: boolean };

export interface AnnouncementInput {
  language: Language;
  title: string;
  body: string;
  audience: Audience;
}

export interface PostedAnnouncement {
  id: number;
  recipients: number;
}

/** Posts an announcement and fixes its recipients at once; an empty audience is refused and nothing is written. */
export async function postAnnouncement(ctx: RequestContext, input: AnnouncementInput): Promise<PostedAnnouncement> {
  const audience = input.audience;
  let authorId: number | null = null;
  if (audience.scope === 'company') {
    assertCan(ctx, 'community:manage');
  } else {
    assertCan(ctx, 'community:post:own');
    authorId = ownMemberId(ctx);
    if (authorId === null) throw refusal(ctx.actor);
  }
  return inTransaction(ctx, async (tx) => {
    const recipients = audience.scope === 'company' ? await companyAudience(tx, audience) : await downlineAudience(tx, authorId!, audience);
    const inserted = await tx.db
      .insertInto('announcements')
      .values({ author_id: authorId, language: input.language, title: input.title, body: input.body, audience: JSON.stringify(audience), recipient_count: 1, created_by: ctx.actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const written = await sql`
      INSERT INTO announcement_recipients (announcement_id, member_id)
      SELECT ${inserted.id}, r.id FROM (${recipients}) AS r (id) JOIN members m ON m.id = r.id
       WHERE m.status <> 'terminated' AND m.id IS DISTINCT FROM ${authorId}`.execute(tx.db);
    const count = Number(written.numAffectedRows ?? 0);
    if (count === 0) throw new SamoohError('ANNOUNCEMENT_AUDIENCE_EMPTY');
    await tx.db.updateTable('announcements').set({ recipient_count: count }).where('id', '=', inserted.id).execute();
    await writeAudit(tx, { action: 'announcement.posted', entity: 'announcement', entityId: inserted.id, after: { audience, recipients: count, title: input.title } });
    return { id: inserted.id, recipients: count };
  });
}

async function companyAudience(ctx: RequestContext, audience: Extract<Audience, { scope: 'company' }>) {
  const ranks = audience.rankAtLeast !== undefined ? await ranksAtLeast(ctx.db, audience.rankAtLeast) : null;
  return sql`
    SELECT m.id FROM members m
      ${ranks ? sql`JOIN (${sql.raw(HIGHEST_RANKS_SQL)}) hr ON hr.member_id = m.id AND hr.highest_rank = ANY(${ranks}::text[])` : sql``}
     WHERE true
       ${audience.region !== undefined ? sql`AND lower(m.region) = lower(${audience.region})` : sql``}
       ${audience.language !== undefined ? sql`AND m.language = ${audience.language}` : sql``}`;
}

async function downlineAudience(ctx: RequestContext, authorId: number, audience: Extract<Audience, { scope: 'downline' }>) {
  const levels = audience.frontline ? 1 : (audience.levels ?? 1000);
  let legId: number | null = null;
  if (audience.leg !== undefined) {
    const leg = await findMember(ctx.db, audience.leg);
    // A leg is one of the author's own frontline: anything else is someone else's team.
    if (!leg || leg.sponsor_id !== authorId) throw new SamoohError('ANNOUNCEMENT_AUDIENCE_FOREIGN', { what: String(audience.leg) });
    legId = leg.id;
  }
  return sql`
    WITH RECURSIVE down (id, depth) AS (
      SELECT id, 1 FROM members WHERE sponsor_id = ${authorId} ${legId !== null ? sql`AND id = ${legId}` : sql``}
      UNION ALL
      SELECT m.id, d.depth + 1 FROM down d JOIN members m ON m.sponsor_id = d.id WHERE d.depth < ${levels}
    )
    SELECT id FROM down`;
}
