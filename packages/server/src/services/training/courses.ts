import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, can } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';

type Both = { en: string; hi: string };

export interface CourseInput {
  title: Both;
  description?: Both;
  published?: boolean;
}

export interface LessonInput {
  kind: 'text' | 'video' | 'file';
  title: Both;
  body?: Both;
  videoUrl?: string | null;
  file?: number | null;
}

export interface LessonView {
  id: number;
  position: number;
  kind: 'text' | 'video' | 'file';
  title: Both;
  body: Both;
  videoUrl: string | null;
  file: { id: number; name: string; contentType: string; size: number } | null;
  completed: boolean;
}

export interface CourseView {
  id: number;
  title: Both;
  description: Both;
  published: boolean;
  lessons: number;
  completedLessons: number;
}

/** A course in Hindi and English; members see it once published. */
export async function createCourse(ctx: RequestContext, input: CourseInput): Promise<CourseView> {
  assertCan(ctx, 'community:manage');
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.insertInto('courses').values({
      title_en: input.title.en, title_hi: input.title.hi, description_en: input.description?.en ?? '', description_hi: input.description?.hi ?? '', published: input.published ?? false,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'course.created', entity: 'course', entityId: row.id, after: { ...input } });
    return (await courseViews(tx, row.id))[0]!;
  });
}

/** Appends a lesson: text, a link to a video, or an uploaded file. */
export async function addLesson(ctx: RequestContext, courseId: number, input: LessonInput): Promise<LessonView> {
  assertCan(ctx, 'community:manage');
  return inTransaction(ctx, async (tx) => {
    const course = await tx.db.selectFrom('courses').select('id').where('id', '=', courseId).forUpdate().executeTakeFirst();
    if (!course) throw new SamoohError('COURSE_NOT_FOUND', { course: courseId });
    if (input.file != null) {
      const file = await tx.db.selectFrom('training_files').select('id').where('id', '=', input.file).executeTakeFirst();
      if (!file) throw new SamoohError('FILE_NOT_FOUND', { file: input.file });
    }
    const next = await sql<{ position: number }>`SELECT coalesce(max(position), 0) + 1 AS position FROM lessons WHERE course_id = ${courseId}`.execute(tx.db);
    const row = await tx.db.insertInto('lessons').values({
      course_id: courseId, position: next.rows[0]!.position, kind: input.kind, title_en: input.title.en, title_hi: input.title.hi,
      body_en: input.body?.en ?? '', body_hi: input.body?.hi ?? '', video_url: input.kind === 'video' ? (input.videoUrl ?? null) : null, file_id: input.kind === 'file' ? (input.file ?? null) : null,
    }).returning('id').executeTakeFirstOrThrow();
    return (await lessonViews(tx, courseId, null)).find((lesson) => lesson.id === row.id)!;
  });
}

/** Courses with the actor's own progress; members see published ones only. */
export async function listCourses(ctx: RequestContext): Promise<{ items: CourseView[] }> {
  assertCan(ctx, 'community:manage', 'community:own');
  return { items: await courseViews(ctx) };
}

export async function getCourse(ctx: RequestContext, courseId: number): Promise<CourseView & { items: LessonView[] }> {
  assertCan(ctx, 'community:manage', 'community:own');
  const [course] = await courseViews(ctx, courseId);
  if (!course) throw new SamoohError('COURSE_NOT_FOUND', { course: courseId });
  return { ...course, items: await lessonViews(ctx, courseId, ownMemberId(ctx)) };
}

async function courseViews(ctx: RequestContext, id?: number): Promise<CourseView[]> {
  const manager = can(ctx.actor, 'community:manage');
  const me = ownMemberId(ctx) ?? 0;
  const { rows } = await sql<{ id: number; title_en: string; title_hi: string; description_en: string; description_hi: string; published: boolean; lessons: number; completed: number }>`
    SELECT c.*, (SELECT count(*)::int FROM lessons l WHERE l.course_id = c.id) AS lessons,
           (SELECT count(*)::int FROM lessons l JOIN lesson_progress p ON p.lesson_id = l.id AND p.member_id = ${me} WHERE l.course_id = c.id) AS completed
      FROM courses c
     WHERE (${manager} OR c.published) ${id !== undefined ? sql`AND c.id = ${id}` : sql``}
     ORDER BY c.id`.execute(ctx.db);
  return rows.map((row) => ({
    id: row.id, title: { en: row.title_en, hi: row.title_hi }, description: { en: row.description_en, hi: row.description_hi },
    published: row.published, lessons: row.lessons, completedLessons: row.completed,
  }));
}

async function lessonViews(ctx: RequestContext, courseId: number, memberId: number | null): Promise<LessonView[]> {
  const { rows } = await sql<{ id: number; position: number; kind: LessonView['kind']; title_en: string; title_hi: string; body_en: string; body_hi: string; video_url: string | null; file_id: number | null; name: string | null; content_type: string | null; size: number | null; done: boolean }>`
    SELECT l.*, f.name, f.content_type, f.size, p.member_id IS NOT NULL AS done
      FROM lessons l LEFT JOIN training_files f ON f.id = l.file_id
      LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.member_id = ${memberId ?? 0}
     WHERE l.course_id = ${courseId} ORDER BY l.position`.execute(ctx.db);
  return rows.map((row) => ({
    id: row.id, position: row.position, kind: row.kind, title: { en: row.title_en, hi: row.title_hi }, body: { en: row.body_en, hi: row.body_hi },
    videoUrl: row.video_url, file: row.file_id === null ? null : { id: row.file_id, name: row.name!, contentType: row.content_type!, size: row.size! }, completed: row.done,
  }));
}
