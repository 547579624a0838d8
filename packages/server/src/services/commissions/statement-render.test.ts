import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { explainLine, type Statement } from './statement.ts';
import { statementCsv, statementHtml } from './statement-render.ts';

const line = { lineNo: 7, bonus: 'unilevel', amount: 370, source: { member: 'SM100002', order: 'SO1000001' }, level: 1, paidLevel: 1, rate: '10%', base: 3700, reverses: null };
const statement: Statement = {
  member: { id: 2, code: 'SM100001', name: 'Asha <Admin>' },
  period: { id: 1, start: '2026-10-01', end: '2026-10-31', status: 'committed' },
  currency: 'INR',
  run: { id: 3, status: 'committed', preview: false },
  lines: [{ ...line, explanation: explainLine('en', 'INR', line) }],
  gross: 370, tds: 74, fee: 0, net: 296,
};

describe('commission statement', () => {
  it('explains a line in English and Hindi', () => {
    expect(explainLine('en', 'INR', line)).toBe('from order SO1000001 of SM100002, level 1, 10% of ₹37.00');
    expect(explainLine('hi', 'INR', line)).toBe('SM100002 के ऑर्डर SO1000001 से, स्तर 1, ₹37.00 का 10%');
    expect(explainLine('en', 'INR', { ...line, amount: -370, reverses: { period: '2026-09-01', lineNo: 12 }, level: 3, paidLevel: 1 }))
      .toBe('reverses line 12 of period 2026-09-01, from order SO1000001 of SM100002, level 3, paid as level 1, 10% of ₹37.00');
  });

  it('as CSV: the lines, then gross, deductions and net that add up', () => {
    const rows = parse(statementCsv(statement, 'en')) as string[][];
    expect(rows[0]).toEqual(['Line', 'Bonus', 'Amount', 'Explanation']);
    expect(rows[1]).toEqual(['7', 'unilevel', '370', 'from order SO1000001 of SM100002, level 1, 10% of ₹37.00']);
    expect(rows.slice(2).map((row) => [row[1], row[2]])).toEqual([['Gross commission', '370'], ['Tax withheld at source (TDS)', '-74'], ['Processing fee', '0'], ['Net to wallet', '296']]);
  });

  it('as a printable page in Hindi, with every name escaped', () => {
    const html = statementHtml(statement, 'hi');
    expect(html).toContain('<html lang="hi">');
    expect(html).toContain('कमीशन विवरण');
    expect(html).toContain('Asha &#60;Admin&#62;');
    expect(html).not.toContain('<Admin>');
    expect(html).toContain('₹2.96');
  });
});
