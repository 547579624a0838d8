import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.ts';
import { PLAN_SCHEMA_PATH, formatSchemaFile } from '../../scripts/schema-file.ts';
import { parsePlan, planJsonSchema, validatePlan } from './parse.ts';

const example = readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8');
const minimal = { plan: 'p', version: 1, effectiveFrom: '2026-01-01', currency: 'INR' };

function planIssues(document: unknown) {
  try {
    validatePlan(document);
  } catch (error) {
    expect((error as EngineInputError).code).toBe('PLAN_INVALID');
    return (error as EngineInputError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the plan to be refused');
}

describe('plan documents', () => {
  it('parses the example plan with exact percentages and defaults', () => {
    const plan = parsePlan(example);
    const unilevel = plan.bonuses.find((bonus) => bonus.type === 'unilevel')!;
    expect(unilevel.type === 'unilevel' && unilevel.levels).toEqual([50_000, 40_000, 40_000, 30_000, 30_000, 20_000, 20_000]);
    expect(plan).toMatchObject({ rounding: 'half-up', minorUnitsPerCV: 100, paidAs: 'qualified', cap: { totalPayoutMaxShareOfCV: 450_000 } });
  });

  it('reads JSON as well as YAML', () => {
    expect(parsePlan(JSON.stringify({ ...minimal, bonuses: [{ id: 'r', type: 'retailProfit' }] })).bonuses).toHaveLength(1);
    expect(() => parsePlan('plan: [unclosed')).toThrow(EngineInputError);
  });

  it('names the path and the expectation of every error', () => {
    expect(planIssues({
      ...minimal,
      ranks: [{ id: 'a' }, { id: 'b', requires: { gv: 100, maxLegShare: '150%' } }],
      bonuses: [
        { id: 'r', type: 'retailProfit' },
        { id: 'x', type: 'pyramid' },
        { id: 'u', type: 'unilevel', levels: ['1%', '2%', '3%', '4%', '2.5'] },
        { id: 'f', type: 'fastStart', windowDays: 30, generations: ['101%'] },
      ],
    })).toEqual([
      'ranks[1].requires.maxLegShare: expected at most 100%, got 150%',
      'bonuses[1].type: unknown bonus type "pyramid"; expected one of retailProfit, fastStart, unilevel, matching, pool, rankAdvancement, binary, stairstep, matrix',
      'bonuses[2].levels[4]: expected a percentage like "2.5%" (at most 4 decimals), got "2.5"',
      'bonuses[3].generations[0]: expected at most 100%, got 101%',
    ]);
  });

  it('refuses a rank or bonus referenced but not defined, and matching of a matching bonus', () => {
    expect(planIssues({
      ...minimal,
      ranks: [{ id: 'a', requires: { legsWithRank: { rank: 'ghost', count: 1 } } }],
      bonuses: [
        { id: 'u', type: 'unilevel', levels: ['1%'], depthByRank: { emperor: 2 }, qualify: { rankAtLeast: 'king' } },
        { id: 'm', type: 'matching', of: ['u', 'm2', 'nope'], generations: ['5%'] },
        { id: 'm2', type: 'matching', of: ['u'], generations: ['5%'] },
        { id: 'p', type: 'pool', fund: { share: '1%' }, shares: { a: 1, zz: 2 } },
      ],
    })).toEqual([
      'ranks[0].requires.legsWithRank.rank: expected a rank defined under ranks, got "ghost"',
      'bonuses[0].qualify.rankAtLeast: expected a rank defined under ranks, got "king"',
      'bonuses[0].depthByRank.emperor: expected a rank defined under ranks, got "emperor"',
      'bonuses[1].of[1]: a matching bonus never matches a matching bonus ("m2")',
      'bonuses[1].of[2]: expected a bonus id, got "nope"',
      'bonuses[3].shares.zz: expected a rank defined under ranks, got "zz"',
    ]);
  });

  it('reads the binary, stairstep and matrix example plans', () => {
    const types = ['sahyog-binary', 'vriddhi-stairstep', 'tara-matrix']
      .map((name) => parsePlan(readFileSync(new URL(`../../../../examples/plans/${name}.yaml`, import.meta.url), 'utf8')).bonuses.map((bonus) => bonus.type));
    expect(types).toEqual([['retailProfit', 'binary', 'matching'], ['retailProfit', 'stairstep'], ['matrix']]);
  });

  it('keeps docs/plan.schema.json in step with the schema (npm run -w @samooh/engine schema)', () => {
    expect(readFileSync(PLAN_SCHEMA_PATH, 'utf8')).toBe(formatSchemaFile(planJsonSchema()));
  });
});
