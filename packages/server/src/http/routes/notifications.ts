import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, MemberRefParam, PageQuery } from '../../schemas/common.ts';
import { NotificationPageSchema, NotificationPreferencesChange, NotificationPreferencesSchema } from '../../schemas/notifications.ts';
import { listNotifications } from '../../services/notifications/list-notifications.ts';
import { markNotificationsRead } from '../../services/notifications/mark-notifications-read.ts';
import { getNotificationPreferences, setNotificationPreferences } from '../../services/notifications/notification-preferences.ts';
import { contextFor } from '../request-context.ts';

export const notificationRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/members/:ref/notifications', {
      schema: {
        tags: ['community'], summary: "A member's notifications in the app, newest first", params: MemberRefParam,
        querystring: PageQuery.extend({ unread: z.enum(['true', 'false']).optional().transform((value) => value === 'true') }),
        response: { 200: NotificationPageSchema, ...errorResponses(404) },
      },
    }, async (request) => listNotifications(contextFor(request, db), request.params.ref, request.query));

    app.post('/members/:ref/notifications/read', {
      schema: {
        tags: ['community'], summary: 'Mark one\'s own notifications read: the listed ones, or all', params: MemberRefParam,
        body: z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }).strict(), z.object({ all: z.literal(true) }).strict()]),
        response: { 200: z.object({ marked: z.number().int() }), ...errorResponses(400, 404) },
      },
    }, async (request) => markNotificationsRead(contextFor(request, db), request.params.ref, request.body));

    app.get('/members/:ref/notification-preferences', {
      schema: { tags: ['community'], summary: 'Which notifications reach the member on which channel, and their quiet hours', params: MemberRefParam, response: { 200: NotificationPreferencesSchema, ...errorResponses(404) } },
    }, async (request) => getNotificationPreferences(contextFor(request, db), request.params.ref));

    app.put('/members/:ref/notification-preferences', {
      schema: {
        tags: ['community'], summary: 'Change one\'s own notification channels per kind, quiet hours and time zone', params: MemberRefParam,
        body: NotificationPreferencesChange, response: { 200: NotificationPreferencesSchema, ...errorResponses(400, 404, 422) },
      },
    }, async (request) => setNotificationPreferences(contextFor(request, db), request.params.ref, request.body));
  };
