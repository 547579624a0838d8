import { assertCan } from '../auth/permissions.ts';
import { assertOwnMember, limitMemberView } from '../auth/member-access.ts';
import type { MemberType } from '../../db/schema.ts';
import { isUniqueViolation, SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { emitEvent } from '../webhooks/events.ts';
import { notifyMember } from '../notifications/notify.ts';
import { getCompany } from '../company/get-company.ts';
import { scheduleGenealogyDrain } from '../network/genealogy-drain.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { assertCanSponsor, requireMember, type MemberRef } from './find-member.ts';
import { requireReferrer } from './referral.ts';
import { toMemberView, type ProfileInput } from './member-view.ts';
import { isExplicit, lockPlacements, lockSponsorPlacements, resolvePlacement, slotNumber, slotTaken, type PlacementRequest } from './placement.ts';

export interface EnrollMemberInput extends ProfileInput {
  name: string;
  type: MemberType;
  /** The sponsor; or give referral, a distributor's referral code, instead. */
  sponsor?: MemberRef | undefined;
  referral?: string | undefined;
  /** An explicit slot or a policy; omitted: the sponsor's preferred policy, else the company's. Customers are never placed. */
  placement?: PlacementRequest | null;
}

const SPILLOVER_ATTEMPTS = 5;

/** Enrolls a distributor or customer under a sponsor, placing distributors in the placement tree. */
export async function enrollMember(ctx: RequestContext, input: EnrollMemberInput) {
  // A distributor enrolls only recruits they sponsor themselves, and sees them as downline.
  const own = assertCan(ctx, 'members:write', 'members:enroll:own') === 'members:enroll:own';
  if (own) await assertOwnMember(ctx, input.sponsor ?? input.referral ?? '', 'SPONSOR_NOT_FOUND');
  const view = await enrollWithRetries(ctx, input);
  return own ? limitMemberView(view, 'downline') : view;
}

async function enrollWithRetries(ctx: RequestContext, input: EnrollMemberInput) {
  for (let attempt = 1; ; attempt++) {
    try {
      // After a collision the enrollment looks again alone, queued behind every other placement.
      const member = await inTransaction(ctx, (tx) => enrollOnce(tx, input, attempt > 1));
      scheduleGenealogyDrain(ctx);
      return member;
    } catch (error) {
      if (!isUniqueViolation(error, 'members_placement_slot_key')) throw error;
      // Another enrollment took the slot between our read and our write: an
      // explicit slot is then taken; a policy looks again for the next free one.
      const placement = input.placement;
      if (isExplicit(placement)) {
        const company = await getCompany(ctx.db);
        throw slotTaken(company, String(placement.parent), slotNumber(company, placement.slot));
      }
      if (attempt >= SPILLOVER_ATTEMPTS) throw new SamoohError('CONFLICT_RETRY');
    }
  }
}

async function enrollOnce(ctx: RequestContext, input: EnrollMemberInput, alone: boolean) {
  const company = await getCompany(ctx.db);
  const sponsorRef = input.referral !== undefined ? (await requireReferrer(ctx.db, input.referral)).id : input.sponsor;
  if (sponsorRef === undefined) throw new SamoohError('SPONSOR_NOT_FOUND', { sponsor: '' });
  // A placement by policy queues first, before locking any row: the policy may update the
  // sponsor ('alternate'), and row locks taken before the queue could deadlock with it.
  if (input.type === 'distributor' && !isExplicit(input.placement)) {
    if (alone) await lockPlacements(ctx.db);
    else await lockSponsorPlacements(ctx.db, typeof sponsorRef === 'number' ? sponsorRef : (await requireMember(ctx.db, sponsorRef, 'SPONSOR_NOT_FOUND', 'sponsor')).id);
  }
  // FOR SHARE: a termination of the sponsor waits for this enrollment, or this one sees it.
  const sponsor = await requireMember(ctx.db, sponsorRef, 'SPONSOR_NOT_FOUND', 'sponsor', { forShare: true });
  assertCanSponsor(sponsor);
  if (input.type !== 'distributor' && input.placement) throw new SamoohError('PLACEMENT_FOR_CUSTOMER');

  const placement = input.type === 'distributor' ? await resolvePlacement(ctx.db, company, sponsor, input.placement, { queued: true }) : null;
  const inserted = await ctx.db
    .insertInto('members')
    .values({
      name: input.name.trim(),
      type: input.type,
      sponsor_id: sponsor.id,
      placement_parent_id: placement?.parentId ?? null,
      placement_slot: placement?.slot ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      region: input.region ?? null,
      country: input.country ?? 'IN',
      language: input.language ?? 'en',
      pan: input.pan ?? null,
      bank_account: input.bankAccount ?? null,
      bank_ifsc: input.bankIfsc ?? null,
      kyc_status: input.pan || input.bankAccount ? 'submitted' : 'none',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const member = toMemberView(inserted, { sponsorCode: sponsor.code, placementParentCode: await placementParentCode(ctx, sponsor, placement) }, company.placement_tree);
  await notifyMember(ctx.db, 'team.member-joined', sponsor.id, { name: input.name.trim(), code: inserted.code, type: input.type });
  await writeAudit(ctx, { action: 'member.enrolled', entity: 'member', entityId: inserted.id, after: member as unknown as Record<string, unknown> });
  await emitEvent(ctx.db, 'member.enrolled', { member: { id: member.id, code: member.code, name: member.name, type: member.type, sponsor: member.sponsor, joinedAt: member.joinedAt } });
  return member;
}

/** The new member's placement parent's code: the sponsor's own when placed right under them. */
async function placementParentCode(ctx: RequestContext, sponsor: { id: number; code: string }, placement: { parentId: number } | null): Promise<string | null> {
  if (placement === null) return null;
  if (placement.parentId === sponsor.id) return sponsor.code;
  const parent = await ctx.db.selectFrom('members').select('code').where('id', '=', placement.parentId).executeTakeFirstOrThrow();
  return parent.code;
}
