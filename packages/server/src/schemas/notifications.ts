import { z } from 'zod';
import { CHANNELS, NOTIFICATION_KINDS } from '../services/notifications/notification-kinds.ts';
import { IsoDateTime } from './common.ts';

export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
const LocalTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a local time HH:MM');

export const NotificationSchema = z
  .object({
    id: z.number().int(),
    kind: NotificationKindSchema,
    subject: z.string(),
    text: z.string().describe('In the language asked for by Accept-Language'),
    params: z.record(z.string(), z.unknown()),
    createdAt: IsoDateTime,
    readAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'Notification' });

export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  unread: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  hasMore: z.boolean(),
});

const ChannelSwitches = z.object(Object.fromEntries(CHANNELS.map((channel) => [channel, z.boolean()])) as Record<(typeof CHANNELS)[number], z.ZodBoolean>);

export const NotificationPreferencesSchema = z
  .object({
    kinds: z.object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, ChannelSwitches])) as Record<(typeof NOTIFICATION_KINDS)[number], typeof ChannelSwitches>),
    quietHours: z.object({ start: LocalTime, end: LocalTime }).nullable(),
    timeZone: z.string().nullable(),
  })
  .meta({ id: 'NotificationPreferences' });

export const NotificationPreferencesChange = z
  .object({
    kinds: z.partialRecord(NotificationKindSchema, ChannelSwitches.partial().strict()).optional(),
    quietHours: z.object({ start: LocalTime, end: LocalTime }).strict().nullable().optional(),
    timeZone: z.string().trim().min(1).max(64).nullable().optional(),
  })
  .strict();
