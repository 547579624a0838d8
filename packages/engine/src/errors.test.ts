import { describe, expect, it } from 'vitest';
import { EngineInputError, formatPath } from './errors.ts';

describe('formatPath', () => {
  it('names array positions and keys the way a reader writes them', () => {
    expect(formatPath(['bonuses', 2, 'levels', 4])).toBe('bonuses[2].levels[4]');
    expect(formatPath(['carry', 'm-1', 'L'])).toBe('carry["m-1"].L');
    expect(formatPath([])).toBe('');
  });
});

describe('EngineInputError', () => {
  it('carries its code and issues and lists them in the message', () => {
    const error = new EngineInputError('SCENARIO_INVALID', [{ path: 'members', message: 'duplicate member id', ids: ['a', 'b'] }]);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toContain('members: duplicate member id (a, b)');
  });
});
