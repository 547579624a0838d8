/**
 * Forward-simulation benchmark: grows a network month by month from an assumptions file and runs
 * the real engine on every month (services/planlab/simulate-network.ts), timing each month and
 * the whole run, with this process's peak RSS.
 *
 *   npm run bench:simulate -- [--initial N] [--months N] [--seed N] [--plan FILE] [--assumptions FILE] [--max-members N]
 *
 * --initial overrides the assumptions' initialDistributors, so the same growth rates run at any
 * scale. The issue's target (1,000,000 members over 24 months in at most 5 minutes on two
 * cores) is about `--initial 61000 --months 24` with the example assumptions: they grow a network
 * about 16-fold in 24 months (1,000 distributors end at 16,423 members with seed 20260301).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { parsePlan } from '../packages/engine/src/index.ts';
import { AssumptionsSchema } from '../packages/server/src/services/planlab/assumptions.ts';
import { simulateNetwork } from '../packages/server/src/services/planlab/simulate-network.ts';

const { values } = parseArgs({
  options: {
    initial: { type: 'string', default: '2000' },
    months: { type: 'string', default: '24' },
    seed: { type: 'string', default: '20260301' },
    plan: { type: 'string', default: new URL('../examples/plans/wellness-unilevel.yaml', import.meta.url).pathname },
    assumptions: { type: 'string', default: new URL('../examples/simulation-assumptions.yaml', import.meta.url).pathname },
    'max-members': { type: 'string', default: '5000000' },
  },
});

const plan = parsePlan(readFileSync(values.plan, 'utf8'));
const assumptions = AssumptionsSchema.parse({ ...(parse(readFileSync(values.assumptions, 'utf8')) as object), initialDistributors: Number(values.initial) });
const months = Number(values.months);
let last = performance.now();
const started = last;
simulateNetwork({
  plan, assumptions, months, seed: Number(values.seed), maxMembers: Number(values['max-members']),
  onMonth(month) {
    const now = performance.now();
    console.log(`month ${String(month.month).padStart(2)}: ${String(month.members).padStart(9)} members, ${String(month.orders).padStart(9)} orders, payout ${(month.payoutRatio * 100).toFixed(1)}%, ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(`simulate: ${months} months in ${seconds.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
