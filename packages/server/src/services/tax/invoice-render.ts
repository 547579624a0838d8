import type { Language } from '../../db/schema.ts';
import { translate } from '../../i18n/i18n.ts';
import { escapeHtml, printPage } from '../print-page.ts';
import { formatMoney } from '../commissions/money-format.ts';
import type { CreditNoteView } from './get-invoice.ts';
import type { InvoiceView } from './get-invoice.ts';

type Document = (InvoiceView & { kind: 'invoice' }) | (CreditNoteView & { kind: 'creditNote' });

/**
 * A printable tax invoice or credit note (A4, no scripts): labels in the
 * reader's language (English by default), each product with its English and
 * Hindi name, the amount in words in English (Indian numbering).
 */
export function taxDocumentHtml(document: Document, language: Language): string {
  const l = (key: string, params: Record<string, unknown> = {}) => escapeHtml(translate(language, `invoice.${key}`, params));
  const money = (minor: number) => escapeHtml(formatMoney(language, document.currency, minor));
  const second = document.placeOfSupply.unionTerritory ? l('utgst') : l('sgst');
  const taxHeads = document.interState ? `<th class="n">${l('igst')}</th>` : `<th class="n">${l('cgst')}</th><th class="n">${second}</th>`;
  const taxCells = (row: { cgst: number; sgst: number; igst: number }) =>
    document.interState ? `<td class="n">${money(row.igst)}</td>` : `<td class="n">${money(row.cgst)}</td><td class="n">${money(row.sgst)}</td>`;
  const rows = document.lines
    .map((line) => `<tr><td>${line.lineNo}</td><td>${escapeHtml(line.name.en)}<br><span lang="hi">${escapeHtml(line.name.hi)}</span><br><small>${escapeHtml(line.sku)}</small></td>`
      + `<td>${escapeHtml(line.hsnCode)}</td><td class="n">${line.quantity}</td><td class="n">${money(line.unitPrice)}</td><td class="n">${money(line.taxableValue)}</td>`
      + `<td class="n">${line.gstRate}%</td>${taxCells(line)}<td class="n">${money(line.total)}</td></tr>`)
    .join('\n');
  const title = document.kind === 'invoice' ? l('taxInvoice') : l('creditNote');
  const reference = document.kind === 'creditNote'
    ? `<p>${l('againstInvoice', { number: document.invoice.number, date: document.invoice.issueDate })}<br>${l('reason')}: ${escapeHtml(document.reason)}</p>`
    : '';
  const basis = document.kind === 'invoice' ? `<p><small>${document.pricesIncludeTax ? l('pricesInclusive') : l('pricesExclusive')}</small></p>` : '';
  return printPage({
    language,
    title: `${title} ${escapeHtml(document.number)}`,
    style: '.parties { display: flex; justify-content: space-between; gap: 2em; }',
    body: `
<h1>${title}</h1>
<div class="parties">
<div><strong>${escapeHtml(document.seller.name)}</strong><br>${escapeHtml(document.seller.address).replace(/\n/g, '<br>')}<br>${l('gstin')}: ${escapeHtml(document.seller.gstin)}<br>${l('state')}: ${escapeHtml(document.seller.state.name)} (${document.seller.state.code})</div>
<div>${l('number')}: <strong>${escapeHtml(document.number)}</strong><br>${l('date')}: ${escapeHtml(document.issueDate)}<br>${l('order')}: ${escapeHtml(document.order.number)}<br>${l('buyer')}: ${escapeHtml(document.buyer.name)} (${escapeHtml(document.buyer.code)})<br>${l('placeOfSupply')}: ${escapeHtml(document.placeOfSupply.name)} (${document.placeOfSupply.code})</div>
</div>
${reference}
<table>
<thead><tr><th>#</th><th>${l('item')}</th><th>${l('hsn')}</th><th class="n">${l('quantity')}</th><th class="n">${l('unitPrice')}</th><th class="n">${l('taxableValue')}</th><th class="n">${l('rate')}</th>${taxHeads}<th class="n">${l('total')}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td></td><td colspan="4">${l('totals')}</td><td class="n">${money(document.totals.taxableValue)}</td><td></td>${taxCells(document.totals)}<td class="n">${money(document.totals.total)}</td></tr></tfoot>
</table>
<p>${l('amountInWords')}: ${escapeHtml(document.amountInWords)}</p>
${basis}
`,
  });
}
