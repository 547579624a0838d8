/**
 * Engine benchmark: a seeded synthetic company (default 1,000,000 members and 5,000,000
 * orders) under example plans. Times only the engine (calculateSnapshot), over several
 * runs per plan, and reports the median and the peak memory of the process.
 *
 *   npm run bench:engine -- [--members N] [--orders N] [--runs N] [--seed N]
 *                           [--plans unilevel,binary,stairstep] [--plan FILE]
 *
 * --plans picks example plans by name (default: unilevel); --plan runs one plan file instead.
 * A binary plan also gets a binary placement tree with extreme spillover (legs thousands deep)
 * and carry in.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calculateSnapshot, EngineWorkspace, parsePlan, NONE, type Plan, type Snapshot } from '../packages/engine/src/index.ts';
import { generateNetwork } from './lib/network.ts';
import { median } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '1000000' },
    orders: { type: 'string' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '20260301' },
    plans: { type: 'string', default: 'unilevel' },
    plan: { type: 'string' },
  },
});
const EXAMPLE_PLANS: Record<string, string> = { unilevel: 'wellness-unilevel', binary: 'sahyog-binary', stairstep: 'vriddhi-stairstep', matrix: 'tara-matrix' };
const planFiles = values.plan !== undefined ? [values.plan] : values.plans.split(',').map((name) => {
  const file = EXAMPLE_PLANS[name.trim()];
  if (!file) throw new Error(`unknown plan "${name}": expected ${Object.keys(EXAMPLE_PLANS).join(', ')}`);
  return new URL(`../examples/plans/${file}.yaml`, import.meta.url).pathname;
});
const members = Number(values.members);
const orders = values.orders === undefined ? members * 5 : Number(values.orders);
const runs = Number(values.runs);

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

const plans = planFiles.map((file) => ({ file, plan: parsePlan(readFileSync(file, 'utf8')) }));
const binaryPlacement = plans.some(({ plan }) => plan.bonuses.some((bonus) => bonus.type === 'binary'));
const started = performance.now();
const snapshot = generateNetwork({ members, orders, seed: Number(values.seed), binaryPlacement });
console.log(`generated ${members.toLocaleString('en')} members, ${orders.toLocaleString('en')} orders in ${seconds(performance.now() - started)}`);
console.log(describeNetwork(snapshot));
if (binaryPlacement) console.log(describePlacement(snapshot));
for (const { file, plan } of plans) benchmarkPlan(file, plan, definesRanks(plan, snapshot) ? snapshot : withoutRankHistory(snapshot));

function benchmarkPlan(file: string, plan: Plan, snapshot: Snapshot): void {
  console.log(`plan ${file}`);
  const times: number[] = [];
  // Kept between runs as the server's projector keeps one between recalculations.
  const workspace = new EngineWorkspace();
  for (let run = 1; run <= runs; run += 1) {
    const faultsBefore = process.resourceUsage().minorPageFault;
    const runStarted = performance.now();
    const calculation = calculateSnapshot(plan, snapshot, { workspace });
    const elapsed = performance.now() - runStarted;
    const freshPages = process.resourceUsage().minorPageFault - faultsBefore;
    times.push(elapsed);
    const active = calculation.period.active.reduce((sum, flag) => sum + flag, 0);
    console.log(`run ${run}: ${seconds(elapsed)}  lines ${calculation.lineCount.toLocaleString('en')}`
      + `  active ${((100 * active) / members).toFixed(1)}%  paid ${calculation.paid.toLocaleString('en')} paise`
      + `  cap factor ${calculation.cap.factorPpm / 1e6}  fresh pages ${mib(freshPages * 4096)}  peak RSS ${mib(peakRss())}`);
  }
  times.sort((a, b) => a - b);
  const last = calculateSnapshot(plan, snapshot, { workspace });
  const companyMoney = last.period.money.volumeToMinor(last.period.volumes.companyCommissionable);
  console.log(`payout by bonus (share of CV): ${plan.bonuses.map((bonus, index) => `${bonus.id} ${((100 * last.paidByBonus[index]!) / companyMoney).toFixed(1)}%`).join(', ')}`);
  console.log(`engine time median ${seconds(median(times))} (min ${seconds(times[0]!)}, max ${seconds(times.at(-1)!)}) over ${runs} runs; peak RSS ${mib(peakRss())}`);
}

function definesRanks(plan: Plan, network: Snapshot): boolean {
  return network.rankNames.every((name) => plan.ranks.some((rank) => rank.id === name));
}

/** The generated history names unilevel ranks; a plan without them sees the network without recorded ranks. */
function withoutRankHistory(network: Snapshot): Snapshot {
  const noRank = new Int32Array(network.memberCount).fill(NONE);
  return { ...network, rankNames: [], priorHighestRank: noRank, history: network.history.map((period) => ({ ...period, rank: noRank })) };
}

/** Depth of every member; the generator creates parents before their children. */
function depthsInJoinOrder(parent: Int32Array): Int32Array {
  const depth = new Int32Array(parent.length);
  for (let member = 0; member < parent.length; member += 1) if (parent[member] !== NONE) depth[member] = depth[parent[member]!]! + 1;
  return depth;
}

function describePlacement(network: Snapshot): string {
  const placed = network.placement.reduce((count, parent) => count + (parent === NONE ? 0 : 1), 0);
  const maxDepth = depthsInJoinOrder(network.placement).reduce((max, depth) => Math.max(max, depth), 0);
  return `binary placement: ${placed.toLocaleString('en')} placed, depth max ${maxDepth.toLocaleString('en')}`;
}

function describeNetwork(network: Snapshot): string {
  const depth = depthsInJoinOrder(network.sponsor);
  const maxDepth = depth.reduce((max, value) => Math.max(max, value), 0);
  const depthSum = depth.reduce((sum, value) => sum + value, 0);
  const frontline = new Int32Array(network.memberCount);
  for (const sponsor of network.sponsor) if (sponsor !== NONE) frontline[sponsor]! += 1;
  const maxFrontline = frontline.reduce((max, count) => Math.max(max, count), 0);
  const recruiters = frontline.reduce((count, children) => count + (children > 0 ? 1 : 0), 0);
  return `network: depth max ${maxDepth}, mean ${(depthSum / network.memberCount).toFixed(1)}; largest frontline ${maxFrontline}; `
    + `${((100 * recruiters) / network.memberCount).toFixed(1)}% have recruited`;
}
