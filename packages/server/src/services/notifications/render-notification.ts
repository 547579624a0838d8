import type { Language } from '../../db/schema.ts';
import { translate } from '../../i18n/i18n.ts';
import { formatMoney } from '../commissions/money-format.ts';
import { TEMPLATE_KEY, type NotificationKind } from './notification-kinds.ts';

export interface RenderedNotification {
  subject: string;
  text: string;
}

/** A notification in a language: params stay data until now, so money is formatted the reader's way. */
export function renderNotification(language: Language, kind: NotificationKind, params: Record<string, unknown>): RenderedNotification {
  const values: Record<string, unknown> = { ...params };
  if (typeof params.amount === 'number' && typeof params.currency === 'string') values.amount = formatMoney(language, params.currency, params.amount);
  const key = `notifications.${TEMPLATE_KEY[kind]}`;
  return { subject: translate(language, `${key}.subject`, values), text: translate(language, `${key}.body`, values) };
}
