import { sql } from 'kysely';
import { SamoohError } from '../../errors.ts';
import { ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';

/** The actor marks a lesson of a published course done (once; again changes nothing). */
export async function completeLesson(ctx: RequestContext, lessonId: number): Promise<{ lessonId: number; completed: true }> {
  assertCan(ctx, 'community:own');
  const me = ownMemberId(ctx);
  if (me === null) throw refusal(ctx.actor);
  const lesson = await ctx.db.selectFrom('lessons as l').innerJoin('courses as c', 'c.id', 'l.course_id').select(['l.id', 'c.published']).where('l.id', '=', lessonId).executeTakeFirst();
  if (!lesson || !lesson.published) throw new SamoohError('LESSON_NOT_FOUND', { lesson: lessonId });
  await ctx.db.insertInto('lesson_progress').values({ member_id: me, lesson_id: lessonId }).onConflict((oc) => oc.doNothing()).execute();
  return { lessonId, completed: true };
}

/**
 * Who completed what of a course, for the company: every member who started
 * it, with lessons done and whether all are. (A plan never requires training
 * to earn; this is for the company's own follow-up.)
 */
export async function courseCompletion(ctx: RequestContext, courseId: number) {
  assertCan(ctx, 'community:manage', 'reports:read');
  const course = await ctx.db.selectFrom('courses').select('id').where('id', '=', courseId).executeTakeFirst();
  if (!course) throw new SamoohError('COURSE_NOT_FOUND', { course: courseId });
  const { rows } = await sql<{ id: number; code: string; name: string; done: number; total: number; last: Date }>`
    SELECT m.id, m.code, m.name, count(*)::int AS done, (SELECT count(*)::int FROM lessons WHERE course_id = ${courseId}) AS total, max(p.completed_at) AS last
      FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id AND l.course_id = ${courseId} JOIN members m ON m.id = p.member_id
     GROUP BY m.id, m.code, m.name ORDER BY done DESC, m.code LIMIT 5000`.execute(ctx.db);
  const total = rows[0]?.total ?? Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM lessons WHERE course_id = ${courseId}`.execute(ctx.db)).rows[0]!.n);
  return {
    courseId,
    lessons: total,
    started: rows.length,
    completed: rows.filter((row) => row.done === total).length,
    members: rows.map((row) => ({ id: row.id, code: row.code, name: row.name, lessonsDone: row.done, completed: row.done === total, lastActivity: new Date(row.last).toISOString() })),
  };
}
