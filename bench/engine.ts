/**
 * Engine benchmark: a seeded synthetic company (default 1,000,000 members and 5,000,000
 * orders) under the example unilevel plan. Times only the engine (calculateSnapshot), over
 * several runs, and reports the median and the peak memory of the process.
 *
 *   npm run bench:engine -- [--members N] [--orders N] [--runs N] [--seed N] [--plan FILE]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calculateSnapshot, parsePlan, NONE, type Snapshot } from '../packages/engine/src/index.ts';
import { generateNetwork } from './lib/network.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    orders: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20260301' },
    plan: { type: 'string', default: new URL('../examples/plans/wellness-unilevel.yaml', import.meta.url).pathname },
  },
});
const members = Number(values.members);
const orders = values.orders === undefined ? members * 5 : Number(values.orders);
const runs = Number(values.runs);

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

const plan = parsePlan(readFileSync(values.plan, 'utf8'));
let started = performance.now();
const snapshot = generateNetwork({ members, orders, seed: Number(values.seed) });
console.log(`generated ${members.toLocaleString('en')} members, ${orders.toLocaleString('en')} orders in ${seconds(performance.now() - started)}`);
console.log(describeNetwork(snapshot));

const times: number[] = [];
for (let run = 1; run <= runs; run += 1) {
  started = performance.now();
  const calculation = calculateSnapshot(plan, snapshot);
  const elapsed = performance.now() - started;
  times.push(elapsed);
  const active = calculation.period.active.reduce((sum, flag) => sum + flag, 0);
  console.log(`run ${run}: ${seconds(elapsed)}  lines ${calculation.lineCount.toLocaleString("en")}`
    + `  active ${((100 * active) / members).toFixed(1)}%  paid ${calculation.paid.toLocaleString('en')} paise`
    + `  cap factor ${calculation.cap.factorPpm / 1e6}  peak RSS ${mib(peakRss())}`);
}
times.sort((a, b) => a - b);
const last = calculateSnapshot(plan, snapshot);
const companyMoney = last.period.money.volumeToMinor(last.period.volumes.companyCommissionable);
console.log(`payout by bonus (share of CV): ${plan.bonuses.map((bonus, index) => `${bonus.id} ${((100 * last.paidByBonus[index]!) / companyMoney).toFixed(1)}%`).join(', ')}`);
console.log(`engine time median ${seconds(times[Math.floor(times.length / 2)]!)} (min ${seconds(times[0]!)}, max ${seconds(times.at(-1)!)}) over ${runs} runs; peak RSS ${mib(peakRss())}`);

function describeNetwork(network: Snapshot): string {
  const depth = new Int32Array(network.memberCount);
  const frontline = new Int32Array(network.memberCount);
  let maxDepth = 0;
  let depthSum = 0;
  for (let member = 1; member < network.memberCount; member += 1) {
    const sponsor = network.sponsor[member]!;
    if (sponsor === NONE) continue;
    depth[member] = depth[sponsor]! + 1;
    frontline[sponsor]! += 1;
    maxDepth = Math.max(maxDepth, depth[member]!);
    depthSum += depth[member]!;
  }
  const maxFrontline = frontline.reduce((max, count) => Math.max(max, count), 0);
  const recruiters = frontline.reduce((count, children) => count + (children > 0 ? 1 : 0), 0);
  return `network: depth max ${maxDepth}, mean ${(depthSum / network.memberCount).toFixed(1)}; largest frontline ${maxFrontline}; `
    + `${((100 * recruiters) / network.memberCount).toFixed(1)}% have recruited`;
}
