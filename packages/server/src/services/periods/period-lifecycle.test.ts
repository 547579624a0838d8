import { describe, expect, it } from 'vitest';
import type { PeriodStatus } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { nextPeriodStatus, PERIOD_TRANSITIONS, periodActions, type PeriodAction } from './period-lifecycle.ts';

const STATUSES: PeriodStatus[] = ['open', 'closed', 'calculated', 'approved', 'committed', 'paid'];

describe('the period lifecycle', () => {
  it('walks the happy path from open to paid', () => {
    let status: PeriodStatus = 'open';
    for (const action of ['close', 'calculate', 'calculate', 'approve', 'commit', 'pay'] as PeriodAction[]) status = nextPeriodStatus(status, action);
    expect(status).toBe('paid');
  });

  it('allows every declared transition and refuses every other, with a coded error', () => {
    for (const status of STATUSES) {
      for (const action of Object.keys(PERIOD_TRANSITIONS) as PeriodAction[]) {
        const allowed = (PERIOD_TRANSITIONS[action].from as readonly string[]).includes(status);
        if (allowed) expect(nextPeriodStatus(status, action)).toBe(PERIOD_TRANSITIONS[action].to);
        else expect(() => nextPeriodStatus(status, action)).toThrow(SamoohError);
      }
    }
  });

  it('never reopens a paid period and never pays before committing', () => {
    expect(periodActions('paid')).toEqual([]);
    expect(periodActions('approved')).toEqual(['calculate', 'commit', 'reopen']);
    expect(periodActions('committed')).toEqual(['pay', 'reopen']);
    expect(() => nextPeriodStatus('approved', 'pay')).toThrow(/PERIOD_TRANSITION_INVALID/);
  });
});
