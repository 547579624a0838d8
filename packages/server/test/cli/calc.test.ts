import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSamooh } from '../support/run-samooh.ts';

const EXAMPLES = new URL('../../../../examples/', import.meta.url).pathname;
const plan = join(EXAMPLES, 'plans/wellness-unilevel.yaml');
const scenario = join(EXAMPLES, 'scenarios/wellness-unilevel.json');
const dir = mkdtempSync(join(tmpdir(), 'samooh-calc-'));

/** No database anywhere: calc must not need one. */
const samooh = (...args: string[]) => runSamooh({ ...process.env, DATABASE_URL: '', SAMOOH_DATA_DIR: join(dir, 'must-not-exist') }, args, 60_000);

describe('samooh calc', { timeout: 60_000 }, () => {
  it.each(['wellness-unilevel', 'sahyog-binary', 'vriddhi-stairstep', 'tara-matrix'])('prints the %s example result, equal to the hand-checked one', async (name) => {
    const result = await samooh('calc', '--plan', join(EXAMPLES, `plans/${name}.yaml`), '--scenario', join(EXAMPLES, `scenarios/${name}.json`));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(EXAMPLES, `scenarios/${name}.expected.json`), 'utf8')));
  });

  it('explains one member', async () => {
    const result = await samooh('calc', '--plan', plan, '--scenario', scenario, '--explain', 'asha');
    expect(result.code, result.stderr).toBe(0);
    const explanation = JSON.parse(result.stdout);
    expect(JSON.stringify(explanation)).toContain('asha');
    expect(JSON.stringify(explanation)).toContain('unilevel');
  });

  it('names the path of a bad plan field and the ids of a bad scenario, and exits 1', async () => {
    const badPlan = join(dir, 'bad-plan.yaml');
    writeFileSync(badPlan, readFileSync(plan, 'utf8').replace(/type: unilevel/, 'type: pyramid'));
    const planResult = await samooh('calc', '--plan', badPlan, '--scenario', scenario);
    expect(planResult.code).toBe(1);
    expect(planResult.stderr).toMatch(/PLAN_INVALID[\s\S]*bonuses\[\d+\]/);

    const badScenario = join(dir, 'bad-scenario.json');
    const doc = JSON.parse(readFileSync(scenario, 'utf8'));
    doc.members.push({ ...doc.members[1] });
    writeFileSync(badScenario, JSON.stringify(doc));
    const scenarioResult = await samooh('calc', '--plan', plan, '--scenario', badScenario);
    expect(scenarioResult.code).toBe(1);
    expect(scenarioResult.stderr).toContain('SCENARIO_INVALID');
    expect(scenarioResult.stderr).toContain(doc.members[1].id);
  });

  it('says which file it cannot read or parse', async () => {
    const missing = await samooh('calc', '--plan', join(dir, 'nope.yaml'), '--scenario', scenario);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read the plan file') });
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ members: ');
    const broken = await samooh('calc', '--plan', plan, '--scenario', notJson);
    expect(broken).toMatchObject({ code: 1, stderr: expect.stringContaining('is not valid JSON') });
  });
});
