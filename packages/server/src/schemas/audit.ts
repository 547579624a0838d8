import { z } from 'zod';
import { IsoDate, IsoDateTime } from './common.ts';

/** The audit trail's filters: any combination narrows it; newest first, a page at a time by the `before` cursor. */
export const AuditQuery = z
  .object({
    entity: z.string().trim().regex(/^[a-z][a-z_]{0,39}$/, 'a record type such as member, order or plan_version').optional().describe('Only entries about this kind of record'),
    ref: z.string().trim().min(1).max(64).optional().describe("Only entries about this record: its id as written in the trail, or the code it is known by (member code, order number, product SKU, warehouse code)"),
    actor: z.string().trim().min(1).max(254).optional().describe("Only entries by someone whose e-mail, name or label contains this (case-insensitive)"),
    action: z.string().trim().regex(/^[a-z][a-z0-9_.-]{0,79}$/, 'an action such as member.updated, or its prefix such as member').optional().describe('This action, or every action under a prefix: member matches member.updated, member.terminated …'),
    from: IsoDate.optional().describe("First day, in the company's time zone"),
    to: IsoDate.optional().describe("Last day, in the company's time zone"),
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('Entries older than this entry id (the previous page\'s nextBefore)'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: 'from must not be after to', path: ['to'] });

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: IsoDateTime,
    actor: z.object({
      label: z.string().describe('As written in the trail: user:EMAIL, token:NAME#ID, shop:CODE or system'),
      kind: z.enum(['user', 'token', 'shop', 'system', 'other']),
      name: z.string().nullable().describe("The account's name, when it has one"),
      email: z.string().nullable(),
    }),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    entityRef: z.string().nullable().describe('The code the record is known by (member code, order number, SKU, warehouse code), when it has one'),
    reason: z.string().nullable(),
    before: z.unknown().describe('The record before the change; PAN and bank account numbers masked'),
    after: z.unknown().describe('The record after the change; PAN and bank account numbers masked'),
  })
  .meta({ id: 'AuditEntry' });

export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  limit: z.number().int(),
  hasMore: z.boolean().describe('True when older entries follow'),
  nextBefore: z.number().int().nullable().describe('Pass as `before` for the next (older) page'),
});
