import { useTranslation } from 'react-i18next';
import { formatCount, formatDate, formatDateTime, formatMoney, formatPercent, formatPeriod, formatVolume } from './format.ts';

/** The formatters for the language on screen now. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    money: (minor: number, currency?: string) => formatMoney(lang, minor, currency),
    volume: (value: number) => formatVolume(lang, value),
    count: (value: number) => formatCount(lang, value),
    percent: (share: number) => formatPercent(lang, share),
    date: (iso: string) => formatDate(lang, iso),
    dateTime: (iso: string) => formatDateTime(lang, iso),
    period: (start: string, end: string) => formatPeriod(lang, start, end),
  };
}
