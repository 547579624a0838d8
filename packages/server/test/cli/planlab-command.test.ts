import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSamooh } from '../support/run-samooh.ts';

const EXAMPLES = new URL('../../../../examples/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'samooh-planlab-'));
const noDatabase = join(dir, 'must-not-exist');

/** No database anywhere: linting a file and simulating from an assumptions file must not need one. */
const samooh = (...args: string[]) => runSamooh({ ...process.env, DATABASE_URL: '', SAMOOH_DATA_DIR: noDatabase }, args, 120_000);

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const OVERPAYING = write('overpaying.yaml', 'plan: over\nversion: 1\neffectiveFrom: 2027-01-01\ncurrency: INR\nbonuses:\n  - { id: u, type: unilevel, levels: [60%, 50%] }\n');

describe('samooh plan lint', { timeout: 120_000 }, () => {
  it('prints findings with path and reason and exits 0 when there is no error', async () => {
    const result = await samooh('plan', 'lint', join(EXAMPLES, 'plans/wellness-unilevel.yaml'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('theoretical maximum payout: 45% of CV (before the cap: unbounded; cap: 45%; threshold 50%)');
    expect(result.stdout).toContain('0 error(s), 0 warning(s)');
  });

  it('exits 1 when a finding is an error, and speaks Hindi when asked', async () => {
    const result = await samooh('plan', 'lint', OVERPAYING, '--lang', 'hi');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('त्रुटि  bonuses  PAYOUT_MAX_ABOVE_CV');
    expect(result.stdout).toContain('CV का 110%');
    const json = await samooh('plan', 'lint', OVERPAYING, '--json', '--max-payout', '40%');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ errors: 1, warnings: 1, threshold: '40%', theoreticalMaxPayout: '110%' });
  });

  it('refuses a file that is not a valid plan, naming the path', async () => {
    const result = await samooh('plan', 'lint', write('bad.yaml', 'plan: bad\nversion: 0\neffectiveFrom: 2027-01-01\ncurrency: INR\n'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PLAN_INVALID');
    expect(result.stderr).toContain('version');
  });
});

describe('samooh simulate', { timeout: 120_000 }, () => {
  const plan = join(EXAMPLES, 'plans/wellness-unilevel.yaml');
  const assumptions = join(EXAMPLES, 'simulation-assumptions.yaml');

  it('prints the same months for the same seed, as JSON, CSV or a table', async () => {
    const first = await samooh('simulate', '--plan', plan, '--assumptions', assumptions, '--months', '4', '--seed', '9', '--format', 'json');
    expect(first.code, first.stderr).toBe(0);
    const again = await samooh('simulate', '--plan', plan, '--assumptions', assumptions, '--months', '4', '--seed', '9', '--format', 'json');
    expect(again.stdout).toBe(first.stdout);
    const months = JSON.parse(first.stdout).months as { month: number; members: number; paid: number }[];
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4]);
    const csv = await samooh('simulate', '--plan', plan, '--assumptions', assumptions, '--months', '4', '--seed', '9', '--format', 'csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^month,start,end,members,distributors,/);
    expect(lines[4]!.split(',')[3]).toBe(String(months[3]!.members));
    const table = await samooh('simulate', '--plan', plan, '--assumptions', assumptions, '--months', '2', '--seed', '9');
    expect(table.stdout).toMatch(/month\s+start\s+members/);
    expect(existsSync(noDatabase)).toBe(false);
  });

  it('refuses assumptions out of range, naming the field, and exits 1', async () => {
    const bad = write('bad-assumptions.yaml', 'recruitsPerDistributor: 0.3\nchurn: -2%\ncustomerShare: 120%\nbuying:\n  distributor: { ordersPerMonth: 1, cv: 50 }\n  preferred: { ordersPerMonth: 1, cv: 50 }\n  retail: { ordersPerMonth: 1, cv: 50 }\n');
    const result = await samooh('simulate', '--plan', plan, '--assumptions', bad, '--months', '2', '--seed', '1');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SIMULATION_ASSUMPTIONS_INVALID');
    expect(result.stderr).toContain('churn: expected a percentage from 0% to 100%');
    expect(result.stderr).toContain('customerShare');
  });
});
