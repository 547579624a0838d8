import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { errorResponses, IsoDateTime, PageQuery } from '../../schemas/common.ts';
import { IdParam, pageOfItems } from '../../schemas/community.ts';
import { ProductRefParam } from '../../schemas/products.ts';
import { FEEDBACK_THEMES, giveProductFeedback, listProductFeedback } from '../../services/products/product-feedback.ts';
import { getProductKnowledge, saveProductKnowledge } from '../../services/products/product-knowledge.ts';
import { addLesson, createCourse, getCourse, listCourses } from '../../services/training/courses.ts';
import { completeLesson, courseCompletion } from '../../services/training/progress.ts';
import { DEFAULT_MAX_FILE_BYTES, downloadTrainingFile, uploadTrainingFile } from '../../services/training/training-files.ts';
import { contextFor } from '../request-context.ts';

const Both = (max: number) => z.object({ en: z.string().trim().max(max), hi: z.string().trim().max(max) }).strict();
const Title = z.object({ en: z.string().trim().min(1).max(200), hi: z.string().trim().min(1).max(200) }).strict();
const CourseSchema = z.object({ id: z.number().int(), title: Both(200), description: Both(5000), published: z.boolean(), lessons: z.number().int(), completedLessons: z.number().int() }).meta({ id: 'Course' });
const LessonSchema = z.object({
  id: z.number().int(), position: z.number().int(), kind: z.enum(['text', 'video', 'file']), title: Both(200), body: Both(50_000), videoUrl: z.string().nullable(),
  file: z.object({ id: z.number().int(), name: z.string(), contentType: z.string(), size: z.number().int() }).nullable(), completed: z.boolean(),
}).meta({ id: 'Lesson' });
const KnowledgeBody = z.object({
  usage: Both(10_000), ingredients: Both(10_000), certifications: z.array(z.string().trim().min(1).max(200)).max(50),
  faq: z.array(z.object({ question: Both(1000), answer: Both(5000) }).strict()).max(100),
}).strict();

export interface TrainingRouteOptions {
  /** Largest training file accepted, in bytes. */
  maxFileBytes?: number;
}

/** Training courses and files, product knowledge and product feedback. */
export const trainingRoutes =
  (db: Kysely<Database>, options: TrainingRouteOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    // Uploads arrive as the raw file with its own Content-Type; the service decides what is allowed.
    // Up to twice the limit is read so an oversized file gets FILE_TOO_LARGE; beyond that, PAYLOAD_TOO_LARGE.
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxFileBytes * 2 }, (_request, body, done) => done(null, body));

    app.post('/courses', {
      schema: { tags: ['community'], summary: 'Create a course (Hindi and English)', body: z.object({ title: Title, description: Both(5000).optional(), published: z.boolean().optional() }).strict(), response: { 201: CourseSchema, ...errorResponses(400) } },
    }, async (request, reply) => reply.code(201).send(await createCourse(contextFor(request, db), request.body)));

    app.get('/courses', { schema: { tags: ['community'], summary: 'Courses with one\'s own progress (members see published ones)', response: { 200: z.object({ items: z.array(CourseSchema) }) } } },
      async (request) => listCourses(contextFor(request, db)));

    app.get('/courses/:id', { schema: { tags: ['community'], summary: 'A course with its lessons and one\'s own progress', params: IdParam, response: { 200: CourseSchema.extend({ items: z.array(LessonSchema) }), ...errorResponses(404) } } },
      async (request) => getCourse(contextFor(request, db), request.params.id));

    app.post('/courses/:id/lessons', {
      schema: {
        tags: ['community'], summary: 'Add a lesson: text, a link to a video, or an uploaded file', params: IdParam,
        body: z.object({
          kind: z.enum(['text', 'video', 'file']), title: Title, body: Both(50_000).optional(),
          videoUrl: z.url({ protocol: /^https?$/ }).max(500).nullish(), file: z.number().int().positive().nullish(),
        }).strict().refine((lesson) => (lesson.kind !== 'video' || lesson.videoUrl) && (lesson.kind !== 'file' || lesson.file), { message: 'a video lesson needs videoUrl, a file lesson needs file' }),
        response: { 201: LessonSchema, ...errorResponses(400, 404) },
      },
    }, async (request, reply) => reply.code(201).send(await addLesson(contextFor(request, db), request.params.id, request.body)));

    app.post('/lessons/:id/complete', { schema: { tags: ['community'], summary: 'Mark a lesson done', params: IdParam, response: { 200: z.object({ lessonId: z.number().int(), completed: z.literal(true) }), ...errorResponses(404) } } },
      async (request) => completeLesson(contextFor(request, db), request.params.id));

    app.get('/courses/:id/completion', {
      schema: {
        tags: ['community'], summary: 'Who completed what of a course', params: IdParam,
        response: {
          200: z.object({
            courseId: z.number().int(), lessons: z.number().int(), started: z.number().int(), completed: z.number().int(),
            members: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), lessonsDone: z.number().int(), completed: z.boolean(), lastActivity: IsoDateTime })),
          }),
          ...errorResponses(404),
        },
      },
    }, async (request) => courseCompletion(contextFor(request, db), request.params.id));

    app.post('/training-files', {
      schema: {
        tags: ['community'], summary: `Upload a training file as the raw body with its Content-Type (PDF, PNG, JPEG, MP4; at most ${maxFileBytes} bytes)`,
        querystring: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 201: z.object({ id: z.number().int(), name: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() }), ...errorResponses(400, 413, 415, 422) },
      },
    }, async (request, reply) => {
      const data = Buffer.isBuffer(request.body) ? request.body : Buffer.from(JSON.stringify(request.body ?? ''));
      return reply.code(201).send(await uploadTrainingFile(contextFor(request, db), { name: request.query.name, contentType: request.headers['content-type'] ?? '', data }, maxFileBytes));
    });

    app.get('/training-files/:id', { schema: { tags: ['community'], summary: 'Download a training file', params: IdParam, response: { 200: z.any().describe('The file'), ...errorResponses(404) } } },
      async (request, reply) => {
        const file = await downloadTrainingFile(contextFor(request, db), request.params.id);
        return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`).send(file.data);
      });

    app.get('/products/:ref/knowledge', {
      schema: { tags: ['products'], summary: 'Product knowledge: usage, ingredients, certifications, questions and answers', params: ProductRefParam, response: { 200: KnowledgeBody.extend({ productId: z.number().int(), sku: z.string() }), ...errorResponses(404) } },
    }, async (request) => getProductKnowledge(contextFor(request, db), request.params.ref));

    app.put('/products/:ref/knowledge', {
      schema: { tags: ['products'], summary: 'Set the product knowledge', params: ProductRefParam, body: KnowledgeBody, response: { 200: KnowledgeBody.extend({ productId: z.number().int(), sku: z.string() }), ...errorResponses(400, 404) } },
    }, async (request) => saveProductKnowledge(contextFor(request, db), request.params.ref, request.body));

    app.post('/products/:ref/feedback', {
      schema: {
        tags: ['products'], summary: 'Rate a product 1–5 and suggest an improvement', params: ProductRefParam,
        body: z.object({ rating: z.number().int().min(1).max(5), theme: z.enum(FEEDBACK_THEMES).nullish(), suggestion: z.string().trim().max(2000).optional() }).strict(),
        response: { 201: z.object({ id: z.number().int(), product: z.string(), rating: z.number().int(), theme: z.string().nullable(), suggestion: z.string(), createdAt: IsoDateTime }), ...errorResponses(400, 404) },
      },
    }, async (request, reply) => reply.code(201).send(await giveProductFeedback(contextFor(request, db), request.params.ref, request.body)));

    app.get('/product-feedback', {
      schema: {
        tags: ['reports'], summary: 'Product feedback, newest first', querystring: PageQuery.extend({ product: z.string().trim().min(1).max(64).optional() }),
        response: { 200: pageOfItems(z.object({ id: z.number().int(), product: z.string(), member: z.object({ code: z.string(), name: z.string() }), rating: z.number().int(), theme: z.string().nullable(), suggestion: z.string(), createdAt: IsoDateTime })), ...errorResponses(404) },
      },
    }, async (request) => listProductFeedback(contextFor(request, db), request.query));
  };
