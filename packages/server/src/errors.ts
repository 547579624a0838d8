/**
 * Every refusal Samooh gives has a stable code (clients branch on it), an HTTP
 * status, and a message from the translation catalogs (i18n/locales), filled
 * with the params. Details carry machine-readable specifics (field paths, ids).
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  PERIOD_NOT_FOUND: 404,
  SPONSOR_NOT_FOUND: 422,
  SPONSOR_NOT_DISTRIBUTOR: 422,
  SPONSOR_TERMINATED: 422,
  SPONSOR_CYCLE: 422,
  PLACEMENT_PARENT_NOT_FOUND: 422,
  PLACEMENT_PARENT_NOT_PLACED: 422,
  PLACEMENT_SLOT_INVALID: 422,
  PLACEMENT_SLOT_TAKEN: 409,
  PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE: 422,
  PLACEMENT_FOR_CUSTOMER: 422,
  PLACEMENT_POLICY_INVALID: 422,
  MEMBER_TERMINATED: 422,
  DOWNGRADE_NOT_ALLOWED: 422,
  ROOT_SPONSOR_CHANGE: 422,
  ROOT_TREE_CHANGE: 422,
  PLACEMENT_CYCLE: 422,
  MEMBER_NOT_PLACED: 422,
  MEMBER_ACTIVE: 422,
  MATRIX_PARENT_FULL: 409,
  REFERRAL_CODE_UNKNOWN: 404,
  MERGE_SAME_MEMBER: 422,
  MERGE_ROOT: 422,
  MERGE_CYCLE: 422,
  MERGE_MEMBER_TERMINATED: 422,
  MERGE_SURVIVOR_NOT_DISTRIBUTOR: 422,
  MERGE_PERIOD_IN_PROGRESS: 422,
  MEMBER_MERGED: 422,
  PERIOD_NOT_OPEN: 422,
  PERIOD_TRANSITION_INVALID: 409,
  SKU_TAKEN: 409,
  PRICE_INVALID: 422,
  PRODUCT_INACTIVE: 422,
  PRICE_MISSING: 422,
  CURRENCY_MISMATCH: 422,
  NO_OPEN_PERIOD: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  REFUND_LINE_NOT_FOUND: 422,
  REFUND_EXCEEDS_ORDER: 422,
  ORDER_FULLY_REFUNDED: 422,
  COOLING_OFF_NOT_CONFIGURED: 422,
  COOLING_OFF_EXPIRED: 422,
  BUY_BACK_WINDOW_PASSED: 422,
  REFUND_POLICY_DISTRIBUTORS_ONLY: 422,
  PAYLOAD_TOO_LARGE: 413,
  REFERENCE_TOO_LONG: 414,
  URL_INVALID: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CONFLICT_RETRY: 409,
  WALLET_ON_HOLD: 409,
  BELOW_MINIMUM_PAYOUT: 422,
  NOTHING_TO_PAY: 422,
  PAYOUT_BATCH_NOT_FOUND: 404,
  PAYOUT_NOT_FOUND: 404,
  PAYOUT_NOT_EXPORTED: 409,
  PAYOUT_ALREADY_SETTLED: 409,
  ADJUSTMENT_AMOUNT_INVALID: 422,
  ADJUSTMENT_REASON_REQUIRED: 422,
  REVERSAL_REASON_REQUIRED: 422,
  LATER_PERIOD_COMMITTED: 409,
  PERIOD_PAYOUTS_MADE: 409,
  PLAN_INVALID: 422,
  PLAN_DOES_NOT_FIT_NETWORK: 422,
  PLAN_VERSION_EXISTS: 409,
  PLAN_NOT_IN_FORCE: 422,
  PLAN_VERSION_NOT_FOUND: 404,
  PRODUCT_KIND_CONFLICT: 422,
  PRODUCT_VOLUME_REQUIRED: 422,
  WHATIF_PERIOD_NOT_COMMITTED: 409,
  SIMULATION_ASSUMPTIONS_INVALID: 422,
  SIMULATION_TOO_LARGE: 422,
  SIMULATION_NO_HISTORY: 422,
  PREVIOUS_PERIOD_NOT_COMMITTED: 409,
  RUN_NOT_FOUND: 404,
  RUN_NOT_CURRENT: 409,
  RUN_SELF_APPROVAL: 403,
  RUN_NOT_APPROVED: 409,
  RUN_STALE: 409,
  SIGNED_IN_USER_REQUIRED: 403,
  PERIOD_ALREADY_PAID: 409,
  PAYOUTS_PENDING: 409,
  SIGN_IN_FAILED: 401,
  TOKEN_INVALID: 401,
  SIGN_IN_THROTTLED: 429,
  RATE_LIMITED: 429,
  CSRF_FAILED: 403,
  RESET_TOKEN_INVALID: 400,
  PASSWORD_TOO_WEAK: 422,
  PASSWORD_INCORRECT: 422,
  EMAIL_TAKEN: 409,
  USER_NOT_FOUND: 404,
  USER_ROLES_INVALID: 422,
  API_TOKEN_NOT_FOUND: 404,
  GSTIN_INVALID: 422,
  STATE_CODE_UNKNOWN: 422,
  HSN_CODE_INVALID: 422,
  GST_RATE_UNKNOWN: 422,
  PRODUCT_TAX_UNSET: 422,
  INVOICE_NOT_FOUND: 404,
  CREDIT_NOTE_NOT_FOUND: 404,
  WEBHOOK_URL_INVALID: 422,
  WEBHOOK_EVENT_UNKNOWN: 422,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  IDEMPOTENCY_KEY_REQUIRED: 428,
  STOREFRONT_SKU_UNKNOWN: 422,
  STOREFRONT_CUSTOMER_UNKNOWN: 422,
  PERIOD_RANGE_INVALID: 422,
  PERIODS_NOT_COMMITTED: 422,
  PERIOD_STILL_OPEN: 409,
  COMPLIANCE_THRESHOLDS_INVALID: 422,
  COMPLIANCE_FLAG_NOT_FOUND: 404,
  COMPLIANCE_FLAG_ACKNOWLEDGED: 409,
  COMPLIANCE_HOLD_ACTIVE: 409,
  TIME_ZONE_UNKNOWN: 422,
  ANNOUNCEMENT_AUDIENCE_EMPTY: 422,
  ANNOUNCEMENT_AUDIENCE_FOREIGN: 422,
  ANNOUNCEMENT_NOT_FOUND: 404,
  RANK_UNKNOWN: 422,
  MESSAGE_OUTSIDE_LINES: 422,
  MESSAGING_DISABLED: 422,
  MESSAGE_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  EVENT_ENDS_BEFORE_START: 422,
  EVENT_FULL: 409,
  EVENT_OVER: 422,
  COURSE_NOT_FOUND: 404,
  LESSON_NOT_FOUND: 404,
  FILE_NOT_FOUND: 404,
  FILE_TYPE_NOT_ALLOWED: 415,
  FILE_TOO_LARGE: 413,
  FILE_CONTENT_MISMATCH: 422,
  WAREHOUSE_NOT_FOUND: 404,
  WAREHOUSE_CODE_TAKEN: 409,
  WAREHOUSE_INACTIVE: 422,
  STOCK_INSUFFICIENT: 409,
  STOCK_NOT_ON_HAND: 409,
  STOCK_CHANGE_INVALID: 422,
  FULFILMENT_NOT_FOUND: 404,
  FULFILMENT_TRANSITION_INVALID: 409,
  FULFILMENT_REASON_REQUIRED: 422,
  SHIPMENT_ORDER_UNPAID: 409,
  SHIPMENT_TRACKING_REQUIRED: 422,
  AUTOSHIP_NOT_FOUND: 404,
  AUTOSHIP_ITEMS_INVALID: 422,
  AUTOSHIP_QUANTITY_INVALID: 422,
  AUTOSHIP_STARTER_KIT: 422,
  AUTOSHIP_DAY_INVALID: 422,
  AUTOSHIP_CANCELLED: 409,
  AUTOSHIP_TRANSITION_INVALID: 409,
  AUTOSHIP_SKIP_MONTH_INVALID: 422,
  PAYMENT_METHOD_UNKNOWN: 422,
  DATABASE_UNAVAILABLE: 503,
  SHOP_NOT_FOUND: 404,
  SHOP_CLOSED: 410,
  SHOP_PRODUCT_NOT_FOUND: 404,
  SHOP_PRODUCT_UNKNOWN: 422,
  SHOP_PRODUCT_UNAVAILABLE: 422,
  SHOP_QUANTITY_INVALID: 422,
  SHOP_ACCOUNT_EMAIL_REQUIRED: 422,
  SHOP_ACCOUNT_EXISTS: 409,
  SHOP_ORDER_NOT_FOUND: 404,
  SHOP_PAYMENT_ALREADY_RECORDED: 409,
  PAYMENT_REFERENCE_INVALID: 422,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorParams = Record<string, string | number>;

export class SamoohError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly details?: unknown,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'SamoohError';
    this.status = ERROR_STATUS[code];
  }
}

/** PostgreSQL SQLSTATE codes the services react to. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export interface PgErrorLike {
  code: string;
  constraint?: string;
}

export function pgErrorOf(error: unknown): PgErrorLike | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)) {
    return error as PgErrorLike;
  }
  return undefined;
}

/** True for a unique violation, optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  return pg?.code === PG.uniqueViolation && (constraint === undefined || pg.constraint === constraint);
}

/** SQLSTATE classes and codes that mean the database went away, not that the request was wrong. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** Socket errors and the messages node-postgres gives for a connection that was lost or never made. */
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGE = /Connection terminated|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect|Connection closed/i;

/**
 * True when an error means the database could not be reached or dropped the connection
 * (restart, failover, too many connections): the request may be retried as it was.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  if ('cause' in error && error.cause !== error && isDatabaseUnavailable(error.cause)) return true;
  return error instanceof Error && !code && UNAVAILABLE_MESSAGE.test(error.message);
}
