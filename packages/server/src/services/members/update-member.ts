import { assertCan } from '../auth/permissions.ts';
import { isInDownline } from '../../db/tree-queries.ts';
import type { MemberRow, MemberType, MemberUpdate, PlacementPolicy } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { getCompany } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { assertCanSponsor, requireMember, type MemberRef } from './find-member.ts';
import { getMember } from './get-member.ts';
import type { ProfileInput } from './member-view.ts';
import { lockPlacements, resolvePlacement, type PlacementRequest } from './placement.ts';
import { effectivePeriod, logTreeChange } from '../network/tree-change.ts';
import { forgetFrontlineSums } from '../projections/volume-changes.ts';

export interface UpdateMemberInput extends ProfileInput {
  name?: string;
  /** Only a customer-to-distributor upgrade is allowed; history and sponsor stay. */
  type?: MemberType;
  /** With an upgrade: where the new distributor goes; default: the sponsor's policy. */
  placement?: PlacementRequest | null | undefined;
  /** Where this member's recruits go by default; null for the company's default. */
  placementPolicy?: PlacementPolicy | null;
  /** A new sponsor: refused if it lies in the member's own downline. */
  sponsor?: MemberRef;
  /** Why, for the audit trail; required with a sponsor change. */
  reason?: string;
  /** For a sponsor change: the open period it takes effect in (default: today's). */
  effectivePeriod?: number | undefined;
}

export async function updateMember(ctx: RequestContext, ref: MemberRef, input: UpdateMemberInput) {
  assertCan(ctx, 'members:write');
  return saveMemberChanges(ctx, ref, input);
}

/** Applies the changes in one transaction, with the audit entry; the caller has checked who may make them. */
export async function saveMemberChanges(ctx: RequestContext, ref: MemberRef, input: UpdateMemberInput) {
  return inTransaction(ctx, async (tx) => {
    const changesTrees = input.sponsor !== undefined || input.type !== undefined;
    // Tree changes queue behind placements and other tree changes, as in the network services.
    if (changesTrees) await lockPlacements(tx.db);
    const member = await requireMember(tx.db, ref, 'MEMBER_NOT_FOUND', 'member', { forUpdate: true });
    if (changesTrees && member.status === 'terminated') throw new SamoohError('MEMBER_TERMINATED', { member: member.code });
    const changes: MemberUpdate = { ...profileChanges(input) };
    if (input.sponsor !== undefined) Object.assign(changes, await sponsorChange(tx, member, input.sponsor));
    if (input.type !== undefined && input.type !== member.type) Object.assign(changes, await typeChange(tx, member, input.type, changes.sponsor_id ?? member.sponsor_id, input.placement));
    else if (input.placement) throw new SamoohError('VALIDATION_FAILED', { summary: 'placement: a placement goes with an upgrade to distributor' });

    const changed = Object.entries(changes).filter(([key, value]) => member[key as keyof MemberRow] !== value);
    if (changed.length === 0) return getMember(tx, member.id);
    await tx.db.updateTable('members').set({ ...Object.fromEntries(changed), updated_at: new Date() }).where('id', '=', member.id).execute();
    // A new sponsor or type moves a leg between frontlines.
    if (changed.some(([key]) => key === 'sponsor_id' || key === 'type')) await forgetFrontlineSums(tx.db, [member.sponsor_id, changes.sponsor_id ?? null]);
    if (changes.sponsor_id !== undefined && changes.sponsor_id !== member.sponsor_id) {
      await logTreeChange(tx, {
        member,
        kind: 'sponsor_change',
        period: await effectivePeriod(tx, input.effectivePeriod),
        reason: input.reason ?? '',
        before: { sponsorId: member.sponsor_id },
        after: { sponsorId: changes.sponsor_id },
      });
    }
    await writeAudit(tx, {
      action: 'member.updated',
      entity: 'member',
      entityId: member.id,
      reason: input.reason ?? null,
      before: Object.fromEntries(changed.map(([key]) => [key, member[key as keyof MemberRow]])),
      after: Object.fromEntries(changed),
    });
    return getMember(tx, member.id);
  });
}

function profileChanges(input: UpdateMemberInput): MemberUpdate {
  const changes: MemberUpdate = {};
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.email !== undefined) changes.email = input.email;
  if (input.country !== undefined) changes.country = input.country;
  if (input.language !== undefined) changes.language = input.language;
  if (input.region !== undefined) changes.region = input.region;
  if (input.pan !== undefined) changes.pan = input.pan;
  if (input.bankAccount !== undefined) changes.bank_account = input.bankAccount;
  if (input.bankIfsc !== undefined) changes.bank_ifsc = input.bankIfsc;
  if (input.placementPolicy !== undefined) changes.placement_policy = input.placementPolicy;
  if (input.pan || input.bankAccount) changes.kyc_status = 'submitted';
  return changes;
}

async function sponsorChange(ctx: RequestContext, member: MemberRow, ref: MemberRef): Promise<MemberUpdate> {
  if (member.sponsor_id === null) throw new SamoohError('ROOT_SPONSOR_CHANGE');
  const sponsor = await requireMember(ctx.db, ref, 'SPONSOR_NOT_FOUND', 'sponsor');
  if (sponsor.id === member.sponsor_id) return {};
  if (sponsor.id === member.id || (await isInDownline(ctx.db, member.id, sponsor.id, 'sponsor'))) {
    throw new SamoohError('SPONSOR_CYCLE', { sponsor: sponsor.code, member: member.code });
  }
  assertCanSponsor(sponsor);
  // The member keeps their placement, which must still lie inside the new sponsor's placement downline.
  const parentId = member.placement_parent_id;
  if (parentId !== null && parentId !== sponsor.id && !(await isInDownline(ctx.db, sponsor.id, parentId, 'placement'))) {
    const parent = await requireMember(ctx.db, parentId);
    throw new SamoohError('PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE', { parent: parent.code, sponsor: sponsor.code });
  }
  return { sponsor_id: sponsor.id };
}

async function typeChange(ctx: RequestContext, member: MemberRow, type: MemberType, sponsorId: number | null, placement: PlacementRequest | null | undefined): Promise<MemberUpdate> {
  if (member.type === 'distributor') throw new SamoohError('DOWNGRADE_NOT_ALLOWED');
  if (type !== 'distributor') {
    if (placement) throw new SamoohError('PLACEMENT_FOR_CUSTOMER');
    return { type };
  }
  // An upgraded customer joins the placement tree under their sponsor: where asked, else by the sponsor's policy.
  const company = await getCompany(ctx.db);
  const sponsor = await requireMember(ctx.db, sponsorId!, 'SPONSOR_NOT_FOUND', 'sponsor');
  const slot = await resolvePlacement(ctx.db, company, sponsor, placement);
  return { type, placement_parent_id: slot.parentId, placement_slot: slot.slot, upgraded_at: new Date() };
}
