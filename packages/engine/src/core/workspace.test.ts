import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculateSnapshot } from '../calculate.ts';
import { parsePlan } from '../plan/parse.ts';
import { toCalcResult } from '../result.ts';
import { parseScenario } from '../snapshot/parse-scenario.ts';
import { EngineWorkspace } from './workspace.ts';

const example = (path: string): string => readFileSync(new URL(`../../../../examples/${path}`, import.meta.url), 'utf8');
const plan = parsePlan(example('plans/wellness-unilevel.yaml'));
const scenario = parseScenario(JSON.parse(example('scenarios/wellness-unilevel.json')));
const EXAMPLES = ['wellness-unilevel', 'sahyog-binary', 'vriddhi-stairstep', 'tara-matrix'];
// A binding cap makes the unilevel bonus replay its recorded chains in a second pass.
const capped = parsePlan(example('plans/wellness-unilevel.yaml').replace('totalPayoutMaxShareOfCV: 45%', 'totalPayoutMaxShareOfCV: 30%'));

describe('engine workspace', () => {
  it('gives every calculation in a kept workspace the result of a calculation in fresh memory', () => {
    const workspace = new EngineWorkspace();
    for (const current of [plan, capped, plan, capped]) {
      const fresh = toCalcResult(calculateSnapshot(current, scenario));
      const kept = toCalcResult(calculateSnapshot(current, scenario, { workspace }));
      expect(kept).toEqual(fresh);
    }
    expect(workspace.byteLength).toBeGreaterThan(0);
  });

  it('serves every example plan, one after another in one workspace, as fresh memory would', () => {
    const workspace = new EngineWorkspace();
    for (const name of [...EXAMPLES, ...EXAMPLES]) {
      const examplePlan = parsePlan(example(`plans/${name}.yaml`));
      const exampleScenario = parseScenario(JSON.parse(example(`scenarios/${name}.json`)));
      expect(toCalcResult(calculateSnapshot(examplePlan, exampleScenario, { workspace }))).toEqual(toCalcResult(calculateSnapshot(examplePlan, exampleScenario)));
    }
  });

  it('refuses to read a calculation after its workspace served the next one', () => {
    const workspace = new EngineWorkspace();
    const first = calculateSnapshot(capped, scenario, { workspace });
    expect(() => toCalcResult(first)).not.toThrow();
    calculateSnapshot(plan, scenario, { workspace });
    expect(() => toCalcResult(first)).toThrow(/served another calculation/);
  });

  it('lends zeroed arrays, reusing the memory of an array of the same name', () => {
    const workspace = new EngineWorkspace();
    const first = workspace.int32('a', 4).fill(7);
    workspace.begin();
    const again = workspace.int32('a', 3);
    expect([...again]).toEqual([0, 0, 0]);
    expect(again.buffer).toBe(first.buffer);
    expect(workspace.float64('b', 2).buffer).not.toBe(first.buffer);
    workspace.begin();
    expect(workspace.int32('a', 8).buffer).not.toBe(first.buffer);
  });

  it('refuses to lend one name twice to one calculation', () => {
    const workspace = new EngineWorkspace();
    workspace.begin();
    workspace.int32('pv', 4);
    expect(() => workspace.float64('pv', 4)).toThrow(/"pv" is already lent/);
    workspace.begin();
    expect(() => workspace.int32('pv', 4)).not.toThrow();
  });
});
