/** The JSON scenario format of `samooh calc` (one period of a network), as a zod schema. */
import { z } from 'zod';
import { MEMBER_TYPES } from './types.ts';

const Day = z.iso.date();
const MemberRef = z.string().min(1).nullable();
const Volume = z.number().meta({ description: 'Volume points, at most two decimals, not negative.' });
const MinorUnits = z.number().int();

const ScenarioMember = z.object({
  id: z.string().min(1),
  type: z.enum(MEMBER_TYPES),
  sponsor: MemberRef,
  placement: MemberRef.default(null),
  leg: z.union([z.literal('L'), z.literal('R'), z.number().int().nonnegative()]).nullable().default(null),
  joined: Day,
  status: z.enum(['active', 'terminated']).default('active'),
  highestRank: z.string().min(1).nullable().optional(),
  autoshipQv: Volume.optional().meta({ description: 'QV of the member\'s autoship orders placed this period.' }),
});

const ScenarioOrder = z.object({
  id: z.string().min(1),
  buyer: z.string().min(1),
  date: Day,
  qv: Volume,
  cv: Volume,
  amount: MinorUnits,
  wholesale: MinorUnits.optional(),
});

const HistoryEntry = z.object({
  pv: Volume.default(0),
  gv: Volume.default(0),
  rank: z.string().min(1).nullable().optional(),
});

export const ScenarioDocumentSchema = z.object({
  period: z.object({ start: Day, end: Day }),
  members: z.array(ScenarioMember),
  orders: z.array(ScenarioOrder).default([]),
  carry: z.record(z.string(), z.object({ L: Volume.default(0), R: Volume.default(0) })).optional(),
  history: z.array(z.object({ start: Day, members: z.record(z.string(), HistoryEntry) })).default([]),
});

export type ScenarioDocument = z.input<typeof ScenarioDocumentSchema>;
export type ParsedScenarioDocument = z.output<typeof ScenarioDocumentSchema>;
export type ScenarioMemberDocument = ParsedScenarioDocument['members'][number];
export type ScenarioOrderDocument = ParsedScenarioDocument['orders'][number];
