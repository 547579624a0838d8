import { describe, expect, it } from 'vitest';
import { EMPTY, enrollBody, enrollErrors } from './enroll-rules.ts';

describe('the enrollment form', () => {
  it('asks for a name, and checks phone and e-mail only when given, by the API\'s rules', () => {
    expect(enrollErrors(EMPTY)).toEqual({ name: 'bo.enroll.errors.name' });
    expect(enrollErrors({ ...EMPTY, name: 'Kavya', phone: '12', email: 'kavya@' })).toEqual({ phone: 'bo.profile.errors.phone', email: 'bo.profile.errors.email' });
    expect(enrollErrors({ ...EMPTY, name: 'Kavya', phone: '+91 98123-45670', email: 'kavya@example.com' })).toEqual({});
  });

  it('needs the member to place under when a slot is chosen, and only for a distributor', () => {
    expect(enrollErrors({ ...EMPTY, name: 'Kavya', placement: 'slot' })).toEqual({ placement: 'bo.enroll.errors.parent' });
    expect(enrollErrors({ ...EMPTY, name: 'Kavya', placement: 'slot', type: 'retail' })).toEqual({});
  });

  it('sends only what was given, under the signed-in sponsor, with a placement only for a distributor', () => {
    expect(enrollBody({ ...EMPTY, name: '  Kavya Rao ' }, 42)).toEqual({ name: 'Kavya Rao', type: 'distributor', sponsor: '42' });
    expect(enrollBody({ ...EMPTY, name: 'Kavya', phone: '98123 45670', email: ' k@example.com ', placement: 'weaker-leg-count' }, 42)).toEqual({
      name: 'Kavya', type: 'distributor', sponsor: '42', phone: '9812345670', email: 'k@example.com', placement: { policy: 'weaker-leg-count' },
    });
    expect(enrollBody({ ...EMPTY, name: 'Kavya', placement: 'slot', parent: ' sm100042 ', side: 'R' }, 42).placement).toEqual({ parent: 'SM100042', slot: 'R' });
    expect(enrollBody({ ...EMPTY, name: 'Kavya', type: 'preferred', placement: 'extreme-left' }, 42)).toEqual({ name: 'Kavya', type: 'preferred', sponsor: '42' });
  });
});
