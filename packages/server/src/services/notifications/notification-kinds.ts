/**
 * What a member can be told about, and on which channels. A member's choice is
 * a row in notification_preferences; without one the default holds: in the app
 * and by e-mail, not by SMS or WhatsApp.
 */
export const NOTIFICATION_KINDS = [
  'team.member-joined', // someone joined with me as sponsor
  'shop.customer-ordered', // a customer I referred ordered
  'rank.reached', // a committed period gave me a rank I never held
  'frontline.close-to-rank', // someone I sponsored is close to a rank (raised by the projections, later)
  'statement.ready', // my commission statement for a committed period
  'payout.paid', // the bank paid my payout
  'autoship.failed', // my autoship order could not be placed (raised by autoship, later)
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const CHANNELS = ['in_app', 'email', 'sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];
export type OutboundChannel = Exclude<Channel, 'in_app'>;
export const OUTBOUND_CHANNELS: readonly OutboundChannel[] = ['email', 'sms', 'whatsapp'];

export const DEFAULT_ENABLED: Record<Channel, boolean> = { in_app: true, email: true, sms: false, whatsapp: false };

/** Template keys in the locales catalogue (notifications.<key>.subject / .body). */
export const TEMPLATE_KEY: Record<NotificationKind, string> = {
  'team.member-joined': 'memberJoined',
  'shop.customer-ordered': 'customerOrdered',
  'rank.reached': 'rankReached',
  'frontline.close-to-rank': 'frontlineCloseToRank',
  'statement.ready': 'statementReady',
  'payout.paid': 'payoutPaid',
  'autoship.failed': 'autoshipFailed',
};

/** Attempts per outbound message before it is given up as failed (about two days with the back-off). */
export const MAX_DELIVERY_ATTEMPTS = 60;
export const DELIVER_JOB = 'notifications.deliver';
