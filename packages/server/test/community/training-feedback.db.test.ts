import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { smallCompany } from '../support/fixtures.ts';
import { credentialHeaders, startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'community-password-42';
const LIMIT = 1024;
let database: TestDatabase;
let server: TestServer;
let priya: Credentials;
let priyaCode: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  const member = await enrollMember(database.ctx, { name: 'Priya', type: 'distributor', sponsor: 'SM1' });
  priyaCode = member.code;
  await createUser(database.ctx, { email: 'priya@training.test', roles: ['distributor'], member: member.code, password: PASSWORD });
  server = await startServer(database.handle, { trainingFileMaxBytes: LIMIT });
  priya = await server.signIn('priya@training.test', PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

/** Uploads raw bytes as the owner, the way a browser sends a file. */
async function upload(name: string, contentType: string, data: Buffer) {
  const response = await fetch(`${server.baseUrl}/api/training-files?name=${encodeURIComponent(name)}`, {
    method: 'POST', headers: { ...credentialHeaders(server.owner), 'content-type': contentType }, body: data,
  });
  return { status: response.status, body: (await response.json()) as any };
}
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, size - 9), 0x20)]);
const files = async () => Number((await database.ctx.db.selectFrom('training_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('training', () => {
  let fileId: number;
  let courseId: number;

  it('accepts an allowed file and refuses the wrong type, content that lies about its type, or one over the limit, writing nothing', async () => {
    const ok = await upload('Tulsi guide.pdf', 'application/pdf', pdf(600));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ name: 'Tulsi guide.pdf', contentType: 'application/pdf', size: 600 });
    fileId = ok.body.id;
    const before = await files();
    const zip = await upload('tools.zip', 'application/zip', Buffer.from('PK\x03\x04rest'));
    expect([zip.status, zip.body.error.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    const lying = await upload('photo.png', 'image/png', pdf(100));
    expect([lying.status, lying.body.error.code]).toEqual([422, 'FILE_CONTENT_MISMATCH']);
    const big = await upload('big.pdf', 'application/pdf', pdf(LIMIT + 1));
    expect([big.status, big.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(big.body.error.message).toBe(`The file is ${LIMIT + 1} bytes; at most ${LIMIT} bytes are allowed.`);
    const huge = await upload('huge.pdf', 'application/pdf', pdf(LIMIT * 3));
    expect(huge.status).toBe(413);
    const asMember = await fetch(`${server.baseUrl}/api/training-files?name=x.pdf`, { method: 'POST', headers: { ...credentialHeaders(priya), 'content-type': 'application/pdf' }, body: pdf(100) });
    expect(asMember.status).toBe(403);
    expect(await files()).toBe(before);
  });

  it('organises lessons in courses in Hindi and English, and tracks each member\'s progress for the company', async () => {
    const course = await server.request('POST', '/api/courses', { body: { title: { en: 'Know your products', hi: 'अपने उत्पाद जानें' }, published: true } });
    expect(course.status, course.text).toBe(201);
    courseId = course.body.id;
    await server.request('POST', '/api/courses', { body: { title: { en: 'Draft', hi: 'मसौदा' } } });
    const lessons = [
      { kind: 'text', title: { en: 'Tulsi', hi: 'तुलसी' }, body: { en: 'Tulsi supports immunity.', hi: 'तुलसी रोग प्रतिरोधक क्षमता में सहायक है।' } },
      { kind: 'video', title: { en: 'How to use', hi: 'उपयोग कैसे करें' }, videoUrl: 'https://video.example.com/tulsi' },
      { kind: 'file', title: { en: 'Guide', hi: 'मार्गदर्शिका' }, file: fileId },
    ];
    for (const lesson of lessons) expect((await server.request('POST', `/api/courses/${courseId}/lessons`, { body: lesson })).status).toBe(201);
    expect((await server.request('POST', `/api/courses/${courseId}/lessons`, { body: { kind: 'video', title: { en: 'x', hi: 'x' } } })).status).toBe(400);
    expect((await server.request('POST', `/api/courses/${courseId}/lessons`, { body: { kind: 'file', title: { en: 'x', hi: 'x' }, file: 999999 } })).body.error.code).toBe('FILE_NOT_FOUND');

    const list = await server.request('GET', '/api/courses', { as: priya });
    expect(list.body.items).toEqual([{ id: courseId, title: { en: 'Know your products', hi: 'अपने उत्पाद जानें' }, description: { en: '', hi: '' }, published: true, lessons: 3, completedLessons: 0 }]);
    const detail = await server.request('GET', `/api/courses/${courseId}`, { as: priya });
    expect(detail.body.items.map((lesson: { kind: string; position: number }) => [lesson.position, lesson.kind])).toEqual([[1, 'text'], [2, 'video'], [3, 'file']]);
    expect(detail.body.items[2].file).toMatchObject({ id: fileId, contentType: 'application/pdf', size: 600 });
    const download = await fetch(`${server.baseUrl}/api/training-files/${fileId}`, { headers: credentialHeaders(priya) });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf(600))).toBe(true);

    for (const lesson of detail.body.items.slice(0, 2)) expect((await server.request('POST', `/api/lessons/${lesson.id}/complete`, { as: priya })).status).toBe(200);
    await server.request('POST', `/api/lessons/${detail.body.items[0].id}/complete`, { as: priya });
    expect((await server.request('GET', `/api/courses/${courseId}`, { as: priya })).body).toMatchObject({ completedLessons: 2, items: [{ completed: true }, { completed: true }, { completed: false }] });
    const completion = await server.request('GET', `/api/courses/${courseId}/completion`);
    expect(completion.body).toMatchObject({ lessons: 3, started: 1, completed: 0, members: [{ code: priyaCode, lessonsDone: 2, completed: false }] });
    await server.request('POST', `/api/lessons/${detail.body.items[2].id}/complete`, { as: priya });
    expect((await server.request('GET', `/api/courses/${courseId}/completion`)).body).toMatchObject({ started: 1, completed: 1 });
    expect((await server.request('GET', `/api/courses/${courseId}/completion`, { as: priya })).status).toBe(403);
  });
});

describe('product knowledge and feedback', () => {
  it('keeps usage, ingredients, certifications and questions in both languages for distributors to read', async () => {
    const knowledge = {
      usage: { en: '10 drops in water twice a day', hi: 'दिन में दो बार पानी में 10 बूँदें' },
      ingredients: { en: 'Tulsi extract', hi: 'तुलसी अर्क' },
      certifications: ['AYUSH', 'FSSAI'],
      faq: [{ question: { en: 'For children?', hi: 'बच्चों के लिए?' }, answer: { en: 'Above 5 years', hi: '5 वर्ष से ऊपर' } }],
    };
    expect((await server.request('PUT', '/api/products/TULSI-60/knowledge', { as: priya, body: knowledge })).status).toBe(403);
    expect((await server.request('PUT', '/api/products/TULSI-60/knowledge', { body: knowledge })).status).toBe(200);
    expect((await server.request('GET', '/api/products/TULSI-60/knowledge', { as: priya })).body).toMatchObject({ sku: 'TULSI-60', ...knowledge });
    expect((await server.request('GET', '/api/products/NEEM-SOAP/knowledge', { as: priya })).body).toMatchObject({ usage: { en: '', hi: '' }, faq: [] });
  });

  it('takes a 1–5 rating with a suggestion and lists it for the company', async () => {
    const given = await server.request('POST', '/api/products/TULSI-60/feedback', { as: priya, body: { rating: 4, theme: 'taste', suggestion: 'A little less bitter' } });
    expect(given.status, given.text).toBe(201);
    for (const rating of [0, 6, 3.5]) expect((await server.request('POST', '/api/products/TULSI-60/feedback', { as: priya, body: { rating } })).status).toBe(400);
    expect((await server.request('POST', '/api/products/NOPE/feedback', { as: priya, body: { rating: 3 } })).body.error.code).toBe('PRODUCT_NOT_FOUND');
    const list = await server.request('GET', '/api/product-feedback?product=TULSI-60');
    expect(list.body.items).toMatchObject([{ product: 'TULSI-60', member: { code: priyaCode }, rating: 4, theme: 'taste', suggestion: 'A little less bitter' }]);
    expect((await server.request('GET', '/api/product-feedback', { as: priya })).status).toBe(403);
  });
});
