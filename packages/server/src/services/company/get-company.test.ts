import { describe, expect, it } from 'vitest';
import { businessDate, type Company } from './get-company.ts';

const company = { time_zone: 'Asia/Kolkata' } as Company;

describe('businessDate', () => {
  it('is the date in the company time zone, not UTC', () => {
    // 20:00 UTC on 31 Oct is 01:30 on 1 Nov in India.
    expect(businessDate(company, new Date('2026-10-31T20:00:00Z'))).toBe('2026-11-01');
    expect(businessDate(company, new Date('2026-10-31T18:00:00Z'))).toBe('2026-10-31');
  });
});
