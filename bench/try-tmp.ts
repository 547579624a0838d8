import { createTestDatabase } from '../packages/server/test/support/test-database.ts';
import { smallCompany } from '../packages/server/test/support/fixtures.ts';
import { enrollMember } from '../packages/server/src/services/members/enroll-member.ts';
import { updateMember } from '../packages/server/src/services/members/update-member.ts';
const t = await createTestDatabase();
await smallCompany(t.ctx);
const a = await enrollMember(t.ctx, { name: 'A', type: 'distributor', sponsor: 'SM1' });
const b = await enrollMember(t.ctx, { name: 'B', type: 'distributor', sponsor: 'SM1', placement: { parent: a.code, slot: 'L' } });
try { console.log(await updateMember(t.ctx, b.id, { sponsor: a.id, reason: 'x' })); } catch (e) { console.log(e); }
await t.drop();
