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
