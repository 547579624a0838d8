import { createHash } from 'node:crypto';
import { SamoohError } from '../../errors.ts';
import { assertCan } from '../auth/permissions.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';

/** What may be uploaded, and how each type's content begins. */
export const ALLOWED_FILE_TYPES: Record<string, (data: Buffer) => boolean> = {
  'application/pdf': (data) => data.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (data) => data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (data) => data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff,
  'video/mp4': (data) => data.subarray(4, 8).toString('latin1') === 'ftyp',
};

/** Uploads are kept in the database; 5 MiB each at most (SAMOOH_TRAINING_FILE_MAX_BYTES). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface UploadedFile {
  id: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Stores a training file after checking its declared type is allowed, its content really is that type, and its size. */
export async function uploadTrainingFile(ctx: RequestContext, input: { name: string; contentType: string; data: Buffer }, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<UploadedFile> {
  assertCan(ctx, 'community:manage');
  const type = input.contentType.split(';')[0]!.trim().toLowerCase();
  const check = ALLOWED_FILE_TYPES[type];
  if (!check) throw new SamoohError('FILE_TYPE_NOT_ALLOWED', { type: type || 'unknown', allowed: Object.keys(ALLOWED_FILE_TYPES).join(', ') });
  if (input.data.length > maxBytes) throw new SamoohError('FILE_TOO_LARGE', { size: input.data.length, limit: maxBytes });
  if (input.data.length === 0 || !check(input.data)) throw new SamoohError('FILE_CONTENT_MISMATCH', { type });
  const sha256 = createHash('sha256').update(input.data).digest('hex');
  return inTransaction(ctx, async (tx) => {
    const row = await tx.db.insertInto('training_files').values({ name: input.name, content_type: type, size: input.data.length, sha256, data: input.data }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'training-file.uploaded', entity: 'training_file', entityId: row.id, after: { name: input.name, contentType: type, size: input.data.length, sha256 } });
    return { id: row.id, name: input.name, contentType: type, size: input.data.length, sha256 };
  });
}

export async function downloadTrainingFile(ctx: RequestContext, fileId: number) {
  assertCan(ctx, 'community:manage', 'community:own');
  const file = await ctx.db.selectFrom('training_files').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!file) throw new SamoohError('FILE_NOT_FOUND', { file: fileId });
  return { name: file.name, contentType: file.content_type, data: Buffer.from(file.data) };
}
