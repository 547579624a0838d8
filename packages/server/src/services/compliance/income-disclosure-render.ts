import { stringify } from 'csv-stringify/sync';
import type { Language } from '../../db/schema.ts';
import { translate } from '../../i18n/i18n.ts';
import { formatMoney } from '../commissions/money-format.ts';
import { escapeHtml, printPage } from '../print-page.ts';
import type { EarningsStatistics } from './earnings-statistics.ts';
import type { IncomeDisclosure } from './income-disclosure.ts';

const label = (language: Language, key: string, params: Record<string, unknown> = {}) => translate(language, `compliance.disclosure.${key}`, params);

const FIGURES = ['median', 'mean', 'p10', 'p25', 'p75', 'p90', 'minimum', 'maximum'] as const;
const figure = (stats: EarningsStatistics, key: (typeof FIGURES)[number]) => (key === 'median' || key === 'mean' || key === 'minimum' || key === 'maximum' ? stats[key] : stats.percentiles[key]);

/** A rank's label: its id, or "No rank". */
const rankLabel = (language: Language, rank: string | null) => rank ?? label(language, 'noRank');

/** The active rule of each plan version in the range, as one sentence each. */
function activityLines(disclosure: IncomeDisclosure, language: Language): string[] {
  return disclosure.activity.map((rule) => label(language, 'activeRule', { plan: rule.planId, version: rule.version, minPV: rule.minPV }));
}

/**
 * The statement as CSV: a summary block (range, counts, definitions), then one row per
 * paid-as rank and one for the company, amounts in minor units for spreadsheets.
 */
export function incomeDisclosureCsv(disclosure: IncomeDisclosure, language: Language): string {
  const l = (key: string, params?: Record<string, unknown>) => label(language, key, params);
  const rows: (string | number)[][] = [
    [l('title')],
    [l('range'), disclosure.range.start, disclosure.range.end],
    [l('participants'), disclosure.participants],
    [l('earnedNothing'), disclosure.earnedNothing, `${disclosure.earnedNothingPercent}%`],
    [l('activeParticipants'), disclosure.activeParticipants],
    ...activityLines(disclosure, language).map((line) => [l('activeDefinition'), line]),
    ...Object.values(disclosure.definitions).map((text) => [l('definition'), text]),
    [l('amountsIn', { currency: disclosure.currency })],
    [],
    [l('rank'), l('count'), l('share'), l('earnedNothing'), ...FIGURES.map((key) => l(key)), l('total')],
  ];
  for (const group of disclosure.byRank) rows.push([rankLabel(language, group.rank), group.count, `${group.sharePercent}%`, group.earnedNothing, ...FIGURES.map((key) => figure(group, key)), group.total]);
  rows.push([l('allParticipants'), disclosure.company.count, '100%', disclosure.company.earnedNothing, ...FIGURES.map((key) => figure(disclosure.company, key)), disclosure.company.total]);
  rows.push([], [l('committedGross'), disclosure.totals.committedGross], [l('outsideParticipants'), disclosure.totals.outsideParticipants.members, disclosure.totals.outsideParticipants.gross]);
  return stringify(rows);
}

/** A printable page (A4 landscape, no scripts) in the reader's language. */
export function incomeDisclosureHtml(disclosure: IncomeDisclosure, language: Language): string {
  const l = (key: string, params?: Record<string, unknown>) => escapeHtml(label(language, key, params));
  const money = (minor: number) => escapeHtml(formatMoney(language, disclosure.currency, minor));
  const number = (value: number) => escapeHtml(new Intl.NumberFormat(language === 'hi' ? 'hi-IN' : 'en-IN').format(value));
  const row = (name: string, stats: EarningsStatistics, share: number) =>
    `<tr><td>${escapeHtml(name)}</td><td class="n">${number(stats.count)}</td><td class="n">${number(share)}%</td><td class="n">${number(stats.earnedNothing)}</td>${FIGURES.map((key) => `<td class="n">${money(figure(stats, key))}</td>`).join('')}</tr>`;
  const groups = disclosure.byRank.map((group) => row(rankLabel(language, group.rank), group, group.sharePercent)).join('\n');
  const definitions = [...activityLines(disclosure, language).map(escapeHtml), ...Object.values(disclosure.definitions).map(escapeHtml)].map((text) => `<li>${text}</li>`).join('\n');
  return printPage({
    language,
    title: `${l('title')} ${escapeHtml(disclosure.range.start)} – ${escapeHtml(disclosure.range.end)}`,
    landscape: true,
    style: '.summary td:first-child { font-weight: bold; }\n  .expenses { font-weight: bold; }',
    body: `
<h1>${l('title')}</h1>
<table class="summary">
<tr><td>${l('range')}</td><td>${escapeHtml(disclosure.range.start)} – ${escapeHtml(disclosure.range.end)}</td></tr>
<tr><td>${l('participants')}</td><td>${number(disclosure.participants)}</td></tr>
<tr><td>${l('earnedNothing')}</td><td>${number(disclosure.earnedNothing)} (${number(disclosure.earnedNothingPercent)}%)</td></tr>
<tr><td>${l('activeParticipants')}</td><td>${number(disclosure.activeParticipants)}</td></tr>
</table>
<h2>${l('byRank')}</h2>
<table>
<thead><tr><th>${l('rank')}</th><th class="n">${l('count')}</th><th class="n">${l('share')}</th><th class="n">${l('earnedNothing')}</th>${FIGURES.map((key) => `<th class="n">${l(key)}</th>`).join('')}</tr></thead>
<tbody>
${groups}
</tbody>
<tfoot>
${row(label(language, 'allParticipants'), disclosure.company, disclosure.participants === 0 ? 0 : 100)}
</tfoot>
</table>
<p>${l('committedGross')}: ${money(disclosure.totals.committedGross)}. ${l('outsideParticipants')}: ${number(disclosure.totals.outsideParticipants.members)}, ${money(disclosure.totals.outsideParticipants.gross)}.</p>
<p class="expenses">${escapeHtml(disclosure.definitions.expenses)}</p>
<h2>${l('definitionsHeading')}</h2>
<ul>
${definitions}
</ul>
`,
  });
}
