import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, SamoohError } from './errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a database that went away or cannot be reached', () => {
    for (const error of [
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]),
      Object.assign(new Error('wrapped'), { cause: withCode('57P01') }),
    ]) expect(isDatabaseUnavailable(error), String(error)).toBe(true);
  });

  it('leaves bad input, lost races and programming errors alone', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('40001'),
      withCode('22P02', 'invalid input syntax'),
      withCode('42P01', 'relation does not exist'),
      new SamoohError('CONFLICT_RETRY'),
      new TypeError('cannot read properties of undefined'),
      new Error('the word Connection terminated inside a coded error'),
      'Connection terminated',
      null,
    ]) {
      const value = error instanceof Error && error.message.startsWith('the word') ? Object.assign(error, { code: 'XX000' }) : error;
      expect(isDatabaseUnavailable(value), String(value)).toBe(false);
    }
  });
});
