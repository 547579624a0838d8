import { describe, expect, it } from 'vitest';
import { maskKyc, maskTail, slotLabel } from './member-view.ts';

describe('masking KYC numbers', () => {
  it('keeps only the last four characters', () => {
    expect(maskTail('ABCDE1234F')).toBe('••••••234F');
    expect(maskTail('123456789012')).toBe('••••••••9012');
    expect(maskTail('12')).toBe('••');
    expect(maskTail(null)).toBeNull();
  });

  it('masks pan and bank account fields in any record, leaving others alone', () => {
    expect(maskKyc({ pan: 'ABCDE1234F', bank_account: '123456789012', name: 'Asha' })).toEqual({
      pan: '••••••234F',
      bank_account: '••••••••9012',
      name: 'Asha',
    });
  });
});

describe('slot labels', () => {
  it('names binary legs L and R and matrix positions from 1', () => {
    expect(slotLabel('binary', 0)).toBe('L');
    expect(slotLabel('binary', 1)).toBe('R');
    expect(slotLabel('matrix', 0)).toBe(1);
    expect(slotLabel('binary', null)).toBeNull();
  });
});
