import { describe, expect, it } from 'vitest';
import { diffRows } from './audit-diff.ts';
import { auditQuery, auditSearch } from './audit-search.ts';
import { summarise } from './feedback-summary.ts';
import { monthRange } from './months.ts';

describe('the audit diff', () => {
  it('marks each field of a change as changed, added, removed or the same', () => {
    expect(diffRows({ state: 'packed', note: 'x', gone: 1 }, { state: 'shipped', note: 'x', trackingNumber: 'DL-1' })).toEqual([
      { field: 'state', before: 'packed', after: 'shipped', change: 'changed' },
      { field: 'note', before: 'x', after: 'x', change: 'same' },
      { field: 'gone', before: 1, after: undefined, change: 'removed' },
      { field: 'trackingNumber', before: undefined, after: 'DL-1', change: 'added' },
    ]);
  });

  it('compares nested values by content, and reads a missing side as a record created or deleted', () => {
    expect(diffRows({ kyc: { pan: '••••••234F' } }, { kyc: { pan: '••••••234F' } })[0]!.change).toBe('same');
    expect(diffRows({ kyc: { pan: '••••••234F' } }, { kyc: { pan: '••••••876K' } })[0]!.change).toBe('changed');
    expect(diffRows(null, { amount: 500 })).toEqual([{ field: 'amount', before: undefined, after: 500, change: 'added' }]);
    expect(diffRows({ amount: 500 }, null)).toEqual([{ field: 'amount', before: 500, after: undefined, change: 'removed' }]);
    expect(diffRows(null, null)).toEqual([]);
  });

  it('shows a value that is not a record as one row', () => {
    expect(diffRows([1, 2], [1, 3])).toEqual([{ field: '', before: [1, 2], after: [1, 3], change: 'changed' }]);
    expect(diffRows(null, 'text')).toEqual([{ field: '', before: null, after: 'text', change: 'added' }]);
  });
});

describe('the audit filters in the address', () => {
  it('keeps only filled filters, as text (the router reads ?ref=42 as a number)', () => {
    expect(auditSearch({ ref: 42, entity: ' member ', actor: '', action: null, from: '2025-01-01', page: 3, to: { x: 1 } })).toEqual({ ref: '42', entity: 'member', from: '2025-01-01' });
  });

  it('builds the API query with the cursor', () => {
    expect(auditQuery({ ref: 'SO1000042', action: 'order.ship' }, 25, null)).toBe('limit=25&ref=SO1000042&action=order.ship');
    expect(auditQuery({ actor: 'asha verma' }, 25, 901)).toBe('limit=25&actor=asha+verma&before=901');
  });
});

describe('the product feedback summary', () => {
  it('gathers months per product with the average weighted by responses, most answered first', () => {
    const summaries = summarise([
      { product: 'TUL-DRP-30', month: '2025-01', responses: 1, averageRating: 5, themes: { taste: 1, price: 0 } },
      { product: 'ASH-CAP-60', month: '2025-01', responses: 2, averageRating: 4, themes: { price: 1 } },
      { product: 'ASH-CAP-60', month: '2025-02', responses: 2, averageRating: 2, themes: { price: 1, packaging: 1 } },
    ]);
    expect(summaries.map((summary) => [summary.product, summary.responses, summary.averageRating])).toEqual([
      ['ASH-CAP-60', 4, 3],
      ['TUL-DRP-30', 1, 5],
    ]);
    expect(summaries[0]!.themes).toEqual({ price: 2, packaging: 1 });
    expect(summaries[0]!.months.map((month) => month.month)).toEqual(['2025-01', '2025-02']);
  });
});

describe('a month as a period', () => {
  it('runs from the first to the last day, leap years included', () => {
    expect(monthRange('2024-02')).toEqual(['2024-02-01', '2024-02-29']);
    expect(monthRange('2025-12')).toEqual(['2025-12-01', '2025-12-31']);
  });
});
