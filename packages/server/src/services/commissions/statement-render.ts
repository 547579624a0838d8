import { stringify } from 'csv-stringify/sync';
import type { Language } from '../../db/schema.ts';
import { translate } from '../../i18n/i18n.ts';
import { formatMoney } from './money-format.ts';
import { escapeHtml, printPage } from '../print-page.ts';
import type { Statement } from './statement.ts';

const label = (language: Language, key: string) => translate(language, `statement.${key}`);

/** The statement as CSV: one row per line (amounts in minor units, for spreadsheets), then gross, deductions and net. */
export function statementCsv(statement: Statement, language: Language): string {
  const l = (key: string) => label(language, key);
  const rows: (string | number)[][] = [[l('line'), l('bonus'), l('amount'), l('explanation')]];
  for (const line of statement.lines) rows.push([line.lineNo, line.bonus, line.amount, line.explanation]);
  rows.push(['', l('gross'), statement.gross, ''], ['', l('tds'), -statement.tds, ''], ['', l('fee'), -statement.fee, ''], ['', l('net'), statement.net, '']);
  return stringify(rows);
}

/** A printable page (A4, no scripts) in the reader's language. */
export function statementHtml(statement: Statement, language: Language): string {
  const l = (key: string) => escapeHtml(label(language, key));
  const money = (minor: number) => escapeHtml(formatMoney(language, statement.currency, minor));
  const lines = statement.lines.length === 0
    ? `<tr><td colspan="4">${l('noLines')}</td></tr>`
    : statement.lines.map((line) => `<tr><td>${line.lineNo}</td><td>${escapeHtml(line.bonus)}</td><td class="n">${money(line.amount)}</td><td>${escapeHtml(line.explanation)}</td></tr>`).join('\n');
  const preview = statement.run?.preview ? `<p class="preview">${l('preview')}</p>` : '';
  return printPage({
    language,
    title: `${l('title')} ${escapeHtml(statement.member.code)} ${escapeHtml(statement.period.start)}`,
    fontSize: 11,
    style: '.preview { color: #a00; font-weight: bold; }',
    body: `
<h1>${l('title')}</h1>
<p>${l('member')}: ${escapeHtml(statement.member.name)} (${escapeHtml(statement.member.code)})<br>
${l('period')}: ${escapeHtml(statement.period.start)} – ${escapeHtml(statement.period.end)}</p>
${preview}
<table>
<thead><tr><th>${l('line')}</th><th>${l('bonus')}</th><th class="n">${l('amount')}</th><th>${l('explanation')}</th></tr></thead>
<tbody>
${lines}
</tbody>
<tfoot>
<tr><td></td><td>${l('gross')}</td><td class="n">${money(statement.gross)}</td><td></td></tr>
<tr><td></td><td>${l('tds')}</td><td class="n">${money(-statement.tds)}</td><td></td></tr>
<tr><td></td><td>${l('fee')}</td><td class="n">${money(-statement.fee)}</td><td></td></tr>
<tr><td></td><td>${l('net')}</td><td class="n">${money(statement.net)}</td><td></td></tr>
</tfoot>
</table>
`,
  });
}
