import { z } from 'zod';
import { IsoDateTime, LanguageSchema, Ref } from './common.ts';

const Person = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const MemberAndIdParam = z.object({ ref: z.string().trim().min(1).max(64), id: z.coerce.number().int().positive() });

export const AudienceSchema = z.discriminatedUnion('scope', [
  z.object({
    scope: z.literal('company'),
    rankAtLeast: z.string().trim().min(1).max(64).optional().describe('Recognition rank at or above this one (plan in force)'),
    region: z.string().trim().min(1).max(80).optional(),
    language: LanguageSchema.optional(),
  }).strict(),
  z.object({
    scope: z.literal('downline'),
    levels: z.number().int().min(1).max(1000).optional().describe('Sponsor-tree levels below the author; all when absent'),
    leg: Ref.optional().describe('One member the author sponsored, with their downline'),
    frontline: z.boolean().optional().describe('Only those the author sponsored'),
  }).strict(),
]);

export const AnnouncementInputSchema = z.object({
  language: LanguageSchema.describe('The language it is written in'),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  audience: AudienceSchema,
}).strict();

export const AnnouncementSchema = z.object({
  id: z.number().int(), author: Person.nullable().describe('null: the company'), language: LanguageSchema,
  title: z.string(), body: z.string(), createdAt: IsoDateTime, readAt: IsoDateTime.nullable(),
}).meta({ id: 'Announcement' });

export const MessageSchema = z.object({
  id: z.number().int(), from: Person, to: Person, body: z.string(), createdAt: IsoDateTime, readAt: IsoDateTime.nullable(),
  hidden: z.object({ at: IsoDateTime, reason: z.string().nullable() }).nullable().describe('Shown to moderators only'),
}).meta({ id: 'Message' });

export const pageOfItems = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), limit: z.number().int(), offset: z.number().int(), hasMore: z.boolean() });

export const EventInputSchema = z.object({
  scope: z.enum(['company', 'team']).describe('company: for every member (staff); team: for the organizer\'s own downline'),
  kind: z.enum(['meeting', 'training', 'launch']),
  language: LanguageSchema,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000).optional(),
  onlineUrl: z.url({ protocol: /^https?$/ }).max(500).nullish(),
  place: z.string().trim().min(1).max(300).nullish(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  capacity: z.number().int().min(1).max(1_000_000).nullish(),
}).strict().refine((event) => Boolean(event.onlineUrl || event.place), { message: 'an event is online (onlineUrl), at a place (place), or both', path: ['place'] });

export const EventSchema = z.object({
  id: z.number().int(), scope: z.enum(['company', 'team']), organizer: Person.nullable(), kind: z.enum(['meeting', 'training', 'launch']), language: LanguageSchema,
  title: z.string(), description: z.string(), onlineUrl: z.string().nullable(), place: z.string().nullable(), startsAt: IsoDateTime, endsAt: IsoDateTime,
  capacity: z.number().int().nullable(), registered: z.number().int(),
  myRegistration: z.object({ attended: z.boolean() }).nullable().optional(),
}).meta({ id: 'Event' });

/** A member's choice about public recognition (the month's lists). */
export const RecognitionChoice = z.object({ memberId: z.number().int(), code: z.string(), recognitionOptOut: z.boolean() }).meta({ id: 'RecognitionChoice' });
