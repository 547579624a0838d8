import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, MemberRefParam, PageQuery, Ref } from '../../schemas/common.ts';
import { AnnouncementInputSchema, AnnouncementSchema, IdParam, MemberAndIdParam, MessageSchema, pageOfItems } from '../../schemas/community.ts';
import { listAllAnnouncements, listMemberAnnouncements, markAnnouncementRead } from '../../services/announcements/list-announcements.ts';
import { postAnnouncement } from '../../services/announcements/post-announcement.ts';
import { listMessages } from '../../services/messages/list-messages.ts';
import { hideMessage, setMessaging } from '../../services/messages/moderate-messages.ts';
import { sendMessage } from '../../services/messages/send-message.ts';
import { contextFor } from '../request-context.ts';

/** Announcements (company-wide or to one's own downline) and messages along the sponsor line. */
export const announcementRoutes =
  (db: Kysely<Database>): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/announcements', {
      schema: {
        tags: ['community'], summary: 'Post an announcement: the company to everyone, a rank and above, a region or a language; a distributor to their own downline',
        body: AnnouncementInputSchema, response: { 201: z.object({ id: z.number().int(), recipients: z.number().int() }), ...errorResponses(400, 422) },
      },
    }, async (request, reply) => reply.code(201).send(await postAnnouncement(contextFor(request, db), request.body)));

    app.get('/announcements', {
      schema: {
        tags: ['community'], summary: 'Every announcement with its audience and reach', querystring: PageQuery,
        response: { 200: pageOfItems(AnnouncementSchema.extend({ audience: z.record(z.string(), z.unknown()), recipients: z.number().int() })) },
      },
    }, async (request) => listAllAnnouncements(contextFor(request, db), request.query));

    app.get('/members/:ref/announcements', {
      schema: { tags: ['community'], summary: 'Announcements addressed to the member, newest first', params: MemberRefParam, querystring: PageQuery, response: { 200: pageOfItems(AnnouncementSchema), ...errorResponses(404) } },
    }, async (request) => listMemberAnnouncements(contextFor(request, db), request.params.ref, request.query));

    app.post('/members/:ref/announcements/:id/read', {
      schema: { tags: ['community'], summary: 'Mark an announcement read', params: MemberAndIdParam, response: { 200: z.object({ marked: z.number().int() }), ...errorResponses(404) } },
    }, async (request) => markAnnouncementRead(contextFor(request, db), request.params.ref, request.params.id));

    app.post('/members/:ref/messages', {
      schema: {
        tags: ['community'], summary: "Send a message to one's sponsor or to someone one sponsored", params: MemberRefParam,
        body: z.object({ to: Ref, body: z.string().trim().min(1).max(5000) }).strict(), response: { 201: MessageSchema, ...errorResponses(400, 404, 422) },
      },
    }, async (request, reply) => reply.code(201).send(await sendMessage(contextFor(request, db), request.params.ref, request.body)));

    app.get('/members/:ref/messages', {
      schema: {
        tags: ['community'], summary: "A member's messages, sent and received (marks received ones read)", params: MemberRefParam,
        querystring: PageQuery.extend({ with: z.string().trim().min(1).max(64).optional() }), response: { 200: pageOfItems(MessageSchema), ...errorResponses(404) },
      },
    }, async (request) => listMessages(contextFor(request, db), request.params.ref, request.query));

    app.post('/messages/:id/hide', {
      schema: { tags: ['community'], summary: 'Hide a message from both members (moderation)', params: IdParam, body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(), response: { 200: z.object({ id: z.number().int(), hidden: z.literal(true) }), ...errorResponses(400, 404) } },
    }, async (request) => hideMessage(contextFor(request, db), request.params.id, request.body.reason));

    app.put('/members/:ref/messaging', {
      schema: {
        tags: ['community'], summary: "Turn a member's messaging off (with a reason) or on (null)", params: MemberRefParam,
        body: z.object({ disabled: z.string().trim().min(1).max(500).nullable() }).strict(),
        response: { 200: z.object({ memberId: z.number().int(), code: z.string(), messagingDisabled: z.string().nullable() }), ...errorResponses(400, 404) },
      },
    }, async (request) => setMessaging(contextFor(request, db), request.params.ref, request.body.disabled));
  };
