/**
 * CSV import benchmark: writes a members file of N rows (a seeded, realistic
 * network: sponsor fan-out and a binary placement for every distributor),
 * then imports it with `importMembers` into a fresh PostgreSQL database, and
 * reports the import time and this process's peak memory. The database
 * samooh_import_bench is created and dropped for each run.
 *
 *   npm run bench:import -- [--members N] [--runs N] [--url postgres://…]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { connect } from '../packages/server/src/db/connection.ts';
import { dropDatabase, recreateDatabase } from './lib/postgres.ts';
import { median } from './lib/stats.ts';
import { migrate } from '../packages/server/src/db/migrate.ts';
import { SYSTEM_ACTOR } from '../packages/server/src/services/context.ts';
import { setUpCompany } from '../packages/server/src/services/company/set-up-company.ts';
import { generateNetwork, memberName, memberPhone, memberType, NO_MEMBER } from '../packages/server/src/services/demo/generate-network.ts';
import { importMembers } from '../packages/server/src/services/imports/import-members.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://samooh:samooh@127.0.0.1:5432/postgres' },
  },
});
const members = Number(values.members);
const BENCH_DATABASE = 'samooh_import_bench';
const code = (index: number) => `SM${100001 + index}`;

async function writeMembersFile(path: string): Promise<void> {
  const network = generateNetwork({ members, seed: 42, joinedFrom: '2025-01-01', joinedUntil: '2026-10-31' });
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('code,name,type,sponsor_code,placement_parent_code,placement_slot,phone,joined_at\n');
  // Member 0 is the company's root, which the database already has.
  for (let i = 1; i < network.size; i++) {
    const parent = network.placementParent[i]!;
    const placed = parent !== NO_MEMBER;
    const slot = placed ? (network.placementSlot[i] === 0 ? 'L' : 'R') : '';
    const joined = new Date(network.joinedAt[i]!).toISOString();
    await write(`${code(i)},${memberName(network, i)},${memberType(network, i)},${code(network.sponsor[i]!)},${placed ? code(parent) : ''},${slot},${memberPhone(network, i)},${joined}\n`);
  }
  out.end();
  await once(out, 'finish');
}

const file = join(mkdtempSync(join(tmpdir(), 'samooh-import-bench-')), 'members.csv');
let started = Date.now();
await writeMembersFile(file);
console.log(`wrote ${members - 1} rows to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const times: number[] = [];
for (let run = 1; run <= Number(values.runs); run++) {
  const handle = await connect({ url: await recreateDatabase(values.url!, BENCH_DATABASE) });
  await migrate(handle);
  await setUpCompany({ db: handle.db, actor: SYSTEM_ACTOR, language: 'en', log: pino({ level: 'silent' }) }, { name: 'Import Bench', root: { name: 'Root', code: code(0) } });
  started = Date.now();
  let stage = '';
  const result = await importMembers(handle, file, (_done, _total, next) => {
    if (next !== stage) console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s: ${(stage = next)}`);
  });
  const elapsed = Date.now() - started;
  times.push(elapsed);
  console.log(`run ${run}: imported ${result.imported} members in ${(elapsed / 1000).toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  await handle.close();
}
console.log(`median ${(median(times) / 1000).toFixed(1)} s over ${times.length} run(s); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
await dropDatabase(values.url!, BENCH_DATABASE);
