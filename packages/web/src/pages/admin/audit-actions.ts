import type { TFunction } from 'i18next';

/**
 * Every action the server writes to the audit trail, grouped by the kind of record it speaks of.
 * Each has a label under `admin.audit.actions` in both catalogues; audit-actions.test.ts reads the
 * server's services and fails when one writes an action missing here.
 */
export const AUDIT_ACTIONS = [
  // members and their network
  'member.enrolled', 'member.updated', 'member.merged', 'member.preferred', 'member.recognition',
  'member.placement_move', 'member.termination', 'member.reactivation',
  'member.payout_held', 'member.payout_released', 'member.compliance_held', 'member.compliance_released',
  'members.imported', 'messaging.disabled', 'messaging.enabled', 'wallet.adjust',
  // orders and their fulfilment
  'order.pay', 'order.pack', 'order.ship', 'order.deliver', 'order.cancel', 'order.return', 'order.refunded', 'orders.imported',
  // products and stock
  'product.created', 'product.updated', 'product.deactivated', 'product.knowledge', 'products.imported',
  'warehouse.created', 'stock.receipt', 'stock.adjustment',
  // periods, commission runs and plans
  'period.opened', 'period.close', 'period.calculated', 'period.reopen', 'period.pay',
  'run.approved', 'run.committed', 'run.reversed', 'plan.version_saved',
  // payouts
  'payout.paid', 'payout.failed', 'payout_batch.built', 'payout_batch.exported',
  // accounts and integrations
  'user.create', 'user.disable', 'user.enable', 'user.password_change', 'user.password_reset_issued', 'user.password_reset',
  'user.make_owner', 'user.language', 'api_token.create', 'api_token.revoke',
  'webhook.created', 'webhook.updated', 'webhook.replayed',
  // the company and compliance
  'company.set_up', 'company.tax_settings', 'demo.seeded',
  'compliance.flag_acknowledged', 'compliance.settings_changed', 'compliance.period_scanned',
  // autoship
  'autoship.created', 'autoship.changed', 'autoship.pause', 'autoship.resume', 'autoship.cancel', 'autoship.skipped',
  // messages, training and events
  'announcement.posted', 'message.hidden', 'course.created', 'event.created', 'training-file.uploaded',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

export function isAuditAction(code: string): code is AuditAction {
  return KNOWN.has(code);
}

/** An action's label in the reader's language; an action this screen does not know shows as its code. */
export function auditActionLabel(t: TFunction, code: string): string {
  return isAuditAction(code) ? t(`admin.audit.actions.${code}`, { defaultValue: code }) : code;
}

/** Whether an action is offered for what was typed in the filter: a part of its code or of its label, in any case. */
export function actionMatches(code: string, label: string, typed: string): boolean {
  const search = typed.trim().toLocaleLowerCase();
  return search === '' || code.toLocaleLowerCase().includes(search) || label.toLocaleLowerCase().includes(search);
}
