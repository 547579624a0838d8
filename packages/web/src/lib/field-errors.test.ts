import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from './field-errors.ts';

describe('the fields a refusal names', () => {
  it("places each validation issue under its body field, the first one a field has", () => {
    const refusal = {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Some fields are wrong',
      details: [
        { path: 'body.groupMinCv', message: 'Too big: expected number to be <=100000000' },
        { path: 'body.email', message: 'Invalid email address' },
        { path: 'body.email', message: 'a second issue of the same field' },
        { path: 'body.placement.slot', message: "'L' or 'R'" },
        { path: 'query.limit', message: 'not a body field' },
        { path: 7, message: 'no path' },
      ],
    };
    expect(fieldErrorsOf(refusal)).toEqual({ groupMinCv: 'Too big: expected number to be <=100000000', email: 'Invalid email address', placement: "'L' or 'R'" });
  });

  it('names no field for a business refusal, a failure without details, or no error', () => {
    expect(fieldErrorsOf({ code: 'COMPLIANCE_THRESHOLDS_INVALID', message: 'The alert threshold…', details: [{ path: 'body.x', message: 'x' }] })).toEqual({});
    expect(fieldErrorsOf({ code: 'VALIDATION_FAILED', message: 'bad' })).toEqual({});
    expect(fieldErrorsOf(new Error('network'))).toEqual({});
    expect(fieldErrorsOf(null)).toEqual({});
    expect(fieldErrorsOf(undefined)).toEqual({});
  });
});
