import { z } from 'zod';
import { PLACEMENT_POLICIES } from '../db/schema.ts';
import { BankAccount, Country, Email, Ifsc, IsoDateTime, LanguageSchema, PageQuery, Pan, Phone, Ref } from './common.ts';

export const MemberType = z.enum(['distributor', 'preferred', 'retail']);
export const MemberStatus = z.enum(['active', 'terminated']);
export const TreeName = z.enum(['sponsor', 'placement']);
export const PlacementPolicySchema = z
  .enum(PLACEMENT_POLICIES)
  .describe('spillover: first free slot breadth first; extreme-left / extreme-right: the outer edge of that leg; weaker-leg-count / weaker-leg-volume: the outer edge of the leg with fewer members or less CV this period; alternate: left and right in turn');
const Slot = z.union([z.enum(['L', 'R']), z.number().int().min(1).max(20)]).describe("'L' or 'R' in a binary tree; 1..W in a matrix");

const PlacementField = z
  .union([
    z.object({ parent: Ref.describe('Placement parent id or code'), slot: Slot }).strict(),
    z.object({ policy: PlacementPolicySchema }).strict(),
  ])
  .nullish()
  .describe("An explicit slot, or a placement policy. Omit for the sponsor's preferred policy, else the company's default. Customers are not placed.");

/** Contact, language and KYC fields: the same on enrollment and on update. */
const ProfileFields = {
  phone: Phone.nullish(),
  email: Email.nullish(),
  country: Country.optional(),
  language: LanguageSchema.optional(),
  region: z.string().trim().min(1).max(80).nullish().describe('A region name for announcements and reports, e.g. Rajasthan'),
  pan: Pan.nullish(),
  bankAccount: BankAccount.nullish(),
  bankIfsc: Ifsc.nullish(),
};

export const ReferralCode = z.string().trim().min(3).max(32).describe("A distributor's referral code (their member code), as carried by a referral link");

export const EnrollMemberBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    type: MemberType,
    sponsor: Ref.optional().describe('Sponsor id or member code; or give referral instead'),
    referral: ReferralCode.optional().describe('Enrolling through a referral link: the referring distributor becomes the sponsor'),
    placement: PlacementField,
    ...ProfileFields,
  })
  .strict()
  .refine((body) => (body.sponsor === undefined) !== (body.referral === undefined), { message: 'give either sponsor or referral', path: ['sponsor'] });

export const UpdateMemberBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    ...ProfileFields,
    type: MemberType.optional().describe('Only a customer-to-distributor upgrade is allowed'),
    placement: PlacementField.describe("With an upgrade: where the new distributor goes (a slot inside the sponsor's placement downline, or a policy); default: the sponsor's policy"),
    placementPolicy: PlacementPolicySchema.nullable().optional().describe("Where this member's future recruits are placed by default; null for the company's default"),
    sponsor: Ref.optional().describe('Move the member (with their downline) under another sponsor'),
    reason: z.string().trim().min(1).max(500).optional().describe('Why, for the audit trail; required with a sponsor change'),
    effectivePeriod: z.number().int().positive().optional().describe('For a sponsor change: the open period it takes effect in (default: today’s)'),
  })
  .strict()
  .refine((body) => Object.keys(body).some((key) => key !== 'reason' && key !== 'effectivePeriod'), 'give at least one field to change')
  .refine((body) => body.sponsor === undefined || body.reason !== undefined, { path: ['reason'], message: 'a sponsor change needs a reason' })
  .refine((body) => body.placement == null || body.type === 'distributor', { path: ['placement'], message: 'a placement goes with an upgrade to distributor' });

/** What a member may change about themselves: name, contact, region and KYC details (validated as on enrollment). */
export const UpdateProfileBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    phone: ProfileFields.phone,
    email: ProfileFields.email,
    region: ProfileFields.region,
    pan: ProfileFields.pan,
    bankAccount: ProfileFields.bankAccount,
    bankIfsc: ProfileFields.bankIfsc,
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .refine((body) => !body.bankAccount || body.bankIfsc, { path: ['bankIfsc'], message: 'a bank account goes with its IFSC' });

const TreeChangeFields = {
  reason: z.string().trim().min(1).max(500).describe('Why, for the audit trail'),
  effectivePeriod: z.number().int().positive().optional().describe('The open period the change takes effect in (default: today’s)'),
};

export const MovePlacementBody = z
  .object({ parent: Ref.describe('New placement parent id or code'), slot: Slot, ...TreeChangeFields })
  .strict();

export const TerminateBody = z.object(TreeChangeFields).strict();

export const MergeBody = z.object({ into: Ref.describe('The account that survives: id or member code'), ...TreeChangeFields }).strict();

export const ReactivateBody = z
  .object({
    ...TreeChangeFields,
    sponsor: Ref.optional().describe('Default: the sponsor they had'),
    placement: PlacementField,
  })
  .strict();

export const MemberSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    country: z.string(),
    language: LanguageSchema,
    region: z.string().nullable(),
    type: MemberType,
    status: MemberStatus,
    sponsor: z.object({ id: z.number().int(), code: z.string().nullable() }).nullable(),
    placementPolicy: PlacementPolicySchema.nullable(),
    placement: z
      .object({ parentId: z.number().int(), parentCode: z.string().nullable(), slot: z.union([z.string(), z.number()]).nullable() })
      .nullable(),
    joinedAt: IsoDateTime,
    terminatedAt: IsoDateTime.nullable(),
    upgradedAt: IsoDateTime.nullable(),
    kyc: z.object({
      status: z.enum(['none', 'submitted', 'verified', 'rejected']),
      pan: z.string().nullable().describe('Masked: only the last four characters are shown'),
      bankAccount: z.string().nullable().describe('Masked: only the last four digits are shown'),
      bankIfsc: z.string().nullable(),
    }),
  })
  .meta({ id: 'Member' });

/** The answer to an enrollment: the new member, and what joining asked of them (never a purchase). */
export const EnrolledMemberSchema = MemberSchema.extend({
  joining: z.object({
    purchaseRequired: z.literal(false).describe('Joining never requires a purchase, starter kit or fee'),
    notice: z.string().describe('The same, in the caller\'s language, to show to the person joining'),
    coolingOffDays: z.number().int().nullable().describe('Days from joining in which a new distributor may cancel and get back everything paid (the compliance settings); null when none is set'),
    coolingOff: z.string().nullable().describe('The cooling-off window in the caller\'s language; null when none is set'),
  }),
});

export const SearchMembersQuery = PageQuery.extend({
  q: z.string().trim().min(1).max(100).optional().describe('Part of a name, the start of a member code, or phone digits'),
  type: MemberType.optional(),
  status: MemberStatus.optional(),
});

export const TreeQuery = z.object({ tree: TreeName.default('sponsor') });

const LegSummary = z.object({ count: z.number().int(), volume: z.number() });

export const FrontlineMember = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: MemberType,
  status: MemberStatus,
  joinedAt: IsoDateTime,
  slot: z.union([z.string(), z.number()]).nullable(),
  children: z.number().int().describe("Size of this member's own frontline in the same tree"),
  teamSize: z.number().int().describe('Members anywhere below this member in the same tree'),
  rank: z.string().nullable().describe('Rank in the open period so far; null before any volume'),
  pv: z.number().describe('Personal volume in the open period'),
  gv: z.number().describe('Group volume in the open period'),
  active: z.boolean().describe('Meets the activity rule in the open period so far'),
  legs: z
    .object({ left: LegSummary, right: LegSummary })
    .nullable()
    .describe('Binary placement legs: members in each leg and its volume this period; null outside a binary company'),
});

export const UplineEntry = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  type: MemberType,
  status: MemberStatus,
  distance: z.number().int().describe('1 for the parent, 2 for the grandparent, ...'),
});

export const DownlineMatch = UplineEntry.extend({ phone: z.string().nullable() }).describe('distance: levels below the member searched from');

export const MaxLevels = z.coerce.number().int().min(1).max(50).default(10).describe('How many levels down to look');

const LevelFigures = z.object({
  members: z.number().int(),
  distributors: z.number().int(),
  actives: z.number().int().describe('Active in the open period so far (member_volumes)'),
  volume: z.number().describe('Personal volume in the open period, summed'),
});

export const DownlineStatistics = z.object({
  member: z.object({ id: z.number().int(), code: z.string() }),
  tree: TreeName,
  period: z.object({ id: z.number().int() }).nullable(),
  maxLevels: z.number().int(),
  levels: z.array(LevelFigures.extend({ level: z.number().int().describe('1 = frontline') })),
  total: LevelFigures,
});
