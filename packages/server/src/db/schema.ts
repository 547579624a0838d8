import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps: read as Date, written as Date or ISO text, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** Set by the database on insert and never changed after. */
type Fixed<T> = ColumnType<T, T | undefined, never>;

export type MemberType = 'distributor' | 'preferred' | 'retail';
export type MemberStatus = 'active' | 'terminated';
export type PeriodStatus = 'open' | 'closed' | 'calculated' | 'approved' | 'committed' | 'paid';
export type OrderStatus = 'paid' | 'partially_refunded' | 'refunded';
export type Language = 'en' | 'hi';
export const PLACEMENT_POLICIES = ['spillover', 'extreme-left', 'extreme-right', 'weaker-leg-count', 'weaker-leg-volume', 'alternate'] as const;
export type PlacementPolicy = (typeof PLACEMENT_POLICIES)[number];

export interface CompanyTable {
  id: Generated<number>;
  name: string;
  currency: Generated<string>;
  time_zone: Generated<string>;
  placement_tree: Generated<'binary' | 'matrix'>;
  matrix_width: number | null;
  default_placement_policy: Generated<PlacementPolicy>;
  tds_rate_ppm: Generated<number>;
  tds_no_pan_rate_ppm: Generated<number>;
  fee_rate_ppm: Generated<number>;
  fee_flat: Generated<number>;
  minimum_payout: Generated<number>;
  lint_max_payout_ppm: Generated<number>;
  created_at: Timestamp;
}

export interface MembersTable {
  id: Generated<number>;
  code: Generated<string>;
  name: string;
  phone: string | null;
  email: string | null;
  country: Generated<string>;
  language: Generated<Language>;
  type: MemberType;
  status: Generated<MemberStatus>;
  sponsor_id: number | null;
  placement_parent_id: number | null;
  placement_slot: number | null;
  joined_at: Timestamp;
  terminated_at: NullableTimestamp;
  pan: string | null;
  bank_account: string | null;
  bank_ifsc: string | null;
  kyc_status: Generated<'none' | 'submitted' | 'verified' | 'rejected'>;
  upgraded_at: NullableTimestamp;
  merged_into_id: number | null;
  placement_policy: PlacementPolicy | null;
  last_placement_leg: number | null;
  payout_hold: string | null;
  /** Who put the hold (migration 0012): payouts staff, or compliance staff (only they lift it). */
  payout_hold_kind: 'payout' | 'compliance' | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Community (migration 0016). */
  region: string | null;
  recognition_opt_out: Generated<boolean>;
  messaging_disabled: string | null;
  time_zone: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name_en: string;
  name_hi: string;
  description_en: Generated<string>;
  description_hi: Generated<string>;
  qv: number;
  cv: number;
  starter_kit: Generated<boolean>;
  enrollment_fee: Generated<boolean>;
  active: Generated<boolean>;
  allow_backorder: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductPricesTable {
  product_id: number;
  currency: string;
  retail_price: number;
  distributor_price: number;
}

export interface PeriodsTable {
  id: Generated<number>;
  start_date: string;
  end_date: string;
  status: Generated<PeriodStatus>;
  created_at: Timestamp;
}

export interface PlanVersionsTable {
  id: Generated<number>;
  plan_id: string;
  version: number;
  effective_from: string;
  document: ColumnType<unknown, string, string>;
  source: string;
  created_by: number | null;
  created_at: Timestamp;
  lint: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface OrdersTable {
  id: Generated<number>;
  number: Generated<string>;
  buyer_id: number;
  credited_id: number;
  period_id: number;
  business_date: string;
  status: Generated<OrderStatus>;
  currency: string;
  price_tier: 'retail' | 'distributor';
  amount: number;
  wholesale_amount: number;
  qv: number;
  cv: number;
  refunded_amount: Generated<number>;
  idempotency_key: string | null;
  request_hash: string | null;
  created_at: Timestamp;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  product_id: number;
  sku: string;
  quantity: number;
  unit_price: number;
  unit_wholesale: number;
  unit_qv: number;
  unit_cv: number;
  amount: number;
  wholesale_amount: number;
  qv: number;
  cv: number;
  refunded_quantity: Generated<number>;
}

export interface RefundsTable {
  id: Generated<number>;
  order_id: number;
  period_id: number;
  reason: string;
  amount: number;
  qv: number;
  cv: number;
  idempotency_key: string | null;
  request_hash: string | null;
  created_by: number | null;
  clawback: Generated<boolean>;
  /** The policy it was made under: an ordinary refund, a cooling-off cancellation or a buy-back. */
  kind: Generated<'refund' | 'cooling_off' | 'buy_back'>;
  created_at: Timestamp;
}

export interface RefundLinesTable {
  refund_id: number;
  order_line_id: number;
  quantity: number;
  amount: number;
  qv: number;
  cv: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Fixed<Date>;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  reason: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  member_id: number | null;
  roles: Generated<string[]>;
  language: Generated<Language>;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  name: string | null;
  password_changed_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  address: string | null;
  user_agent: string | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string[];
  created_by: number | null;
  created_at: Timestamp;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface SignInFailuresTable {
  key: string;
  failures: number;
  window_start: Timestamp;
  locked_until: NullableTimestamp;
}

export interface TreeChangesTable {
  id: Generated<number>;
  member_id: number;
  kind: 'sponsor_change' | 'placement_move' | 'termination' | 'reactivation' | 'merge';
  effective_period_id: number;
  before: ColumnType<unknown, string, never>;
  after: ColumnType<unknown, string, never>;
  actor: string;
  reason: string;
  created_at: Fixed<Date>;
}

export interface MemberVolumesTable {
  period_id: number;
  member_id: number;
  pv: Generated<number>;
  gv: Generated<number>;
  left_volume: Generated<number>;
  right_volume: Generated<number>;
  active: Generated<boolean>;
  rank: string | null;
  projected_earnings: Generated<number>;
  /** Bonus id → minor units after the cap, as of the last full recompute. */
  projected_by_bonus: Record<string, number> | null;
  /** The frontline legs summed up (migration 0026); null until a refresh has summed them. */
  legs_gv: number | null;
  legs_capped_gv: number | null;
  sponsored_active: number | null;
  legs_by_rank: Record<string, number> | null;
  updated_at: Timestamp;
}

export interface VolumeEventsTable {
  id: Generated<number>;
  period_id: number;
  member_id: number;
  qv: number;
  cv: number;
  order_id: number | null;
  refund_id: number | null;
  created_at: Timestamp;
}

export type RunStatus = 'preview' | 'approved' | 'committed' | 'superseded' | 'reversed';

export interface CommissionRunsTable {
  id: Generated<number>;
  period_id: number;
  plan_version_id: number;
  status: Generated<RunStatus>;
  input_hash: string;
  totals: ColumnType<unknown, string, string>;
  created_by: number | null;
  approved_by: number | null;
  committed_by: number | null;
  created_at: Timestamp;
  approved_at: NullableTimestamp;
  committed_at: NullableTimestamp;
  reversed_by: number | null;
  reversed_at: NullableTimestamp;
  reversal_reason: string | null;
  line_count: Generated<number>;
  sequence: Generated<number>;
  netted_refunds: Generated<number>;
}

export interface CommissionLinesTable {
  run_id: number;
  line_no: number;
  payee_id: number;
  bonus: string;
  amount: number;
  source_member_id: number | null;
  source_order_id: number | null;
  level: number | null;
  paid_level: number | null;
  rate: string | null;
  base: number | null;
  reverses_run_id: number | null;
  reverses_line_no: number | null;
}

export interface CommissionRunMembersTable {
  run_id: number;
  member_id: number;
  pv: number;
  gv: number;
  active: boolean;
  rank: string | null;
  highest_rank: string | null;
  earned: number;
  tds: number;
  fee: number;
  carry_left: number | null;
  carry_right: number | null;
}

export type LedgerAccountKind = 'member_wallet' | 'commission_expense' | 'tax_payable' | 'fees' | 'bank' | 'clearing';

export interface LedgerAccountsTable {
  id: Generated<number>;
  code: string;
  kind: LedgerAccountKind;
  member_id: number | null;
  currency: string;
}

export type LedgerTransactionKind = 'commission' | 'clawback' | 'deduction' | 'adjustment' | 'payout' | 'reversal';

export interface LedgerTransactionsTable {
  id: Generated<number>;
  kind: LedgerTransactionKind;
  reference: string;
  period_id: number | null;
  commission_run_id: number | null;
  member_id: number | null;
  memo: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
  reverses_transaction_id: Generated<number | null>;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  transaction_id: number;
  account_id: number;
  amount: number;
}

export interface PayoutBatchesTable {
  id: Generated<number>;
  status: Generated<'draft' | 'exported' | 'settled'>;
  currency: string;
  created_by: number | null;
  created_at: Timestamp;
  exported_at: NullableTimestamp;
  settled_at: NullableTimestamp;
}

export interface PayoutsTable {
  id: Generated<number>;
  batch_id: number;
  member_id: number;
  amount: number;
  status: Generated<'pending' | 'paid' | 'failed'>;
  ledger_transaction_id: number | null;
  account_holder: string;
  bank_account: string | null;
  bank_ifsc: string | null;
  reference: string | null;
  failure_reason: string | null;
  settled_at: NullableTimestamp;
  settlement_transaction_id: number | null;
}

export interface Database {
  company: CompanyTable;
  members: MembersTable;
  products: ProductsTable;
  product_prices: ProductPricesTable;
  periods: PeriodsTable;
  plan_versions: PlanVersionsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  refunds: RefundsTable;
  refund_lines: RefundLinesTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  sign_in_failures: SignInFailuresTable;
  tree_changes: TreeChangesTable;
  member_volumes: MemberVolumesTable;
  volume_events: VolumeEventsTable;
  commission_runs: CommissionRunsTable;
  commission_lines: CommissionLinesTable;
  commission_run_members: CommissionRunMembersTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  payout_batches: PayoutBatchesTable;
  payouts: PayoutsTable;
  genealogy_counts: GenealogyCountsTable;
  genealogy_pending: GenealogyPendingTable;
  compliance_settings: ComplianceSettingsTable;
  compliance_flags: ComplianceFlagsTable;
  compliance_scans: ComplianceScansTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_outbox: NotificationOutboxTable;
  announcements: AnnouncementsTable;
  announcement_recipients: AnnouncementRecipientsTable;
  messages: MessagesTable;
  events: EventsTable;
  event_registrations: EventRegistrationsTable;
  training_files: TrainingFilesTable;
  courses: CoursesTable;
  lessons: LessonsTable;
  lesson_progress: LessonProgressTable;
  product_knowledge: ProductKnowledgeTable;
  product_feedback: ProductFeedbackTable;
  warehouses: WarehousesTable;
  stock_levels: StockLevelsTable;
  stock_movements: StockMovementsTable;
  order_fulfilments: OrderFulfilmentsTable;
  order_fulfilment_events: OrderFulfilmentEventsTable;
  autoships: AutoshipsTable;
  autoship_items: AutoshipItemsTable;
  autoship_occurrences: AutoshipOccurrencesTable;
  notification_events: NotificationEventsTable;
}

export type MemberRow = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type MemberUpdate = Updateable<MembersTable>;
export type ProductRow = Selectable<ProductsTable>;
export type PeriodRow = Selectable<PeriodsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type RefundRow = Selectable<RefundsTable>;

/** Team sizes per tree (migration 0008); members still in genealogy_pending are added by reads. */
export interface GenealogyCountsTable {
  tree: 'sponsor' | 'placement';
  member_id: number;
  team: number;
}

export interface GenealogyPendingTable {
  id: Generated<number>;
  tree: 'sponsor' | 'placement';
  member_id: number;
}

/** The company's compliance thresholds and India settings (migration 0012): one row. */
export interface ComplianceSettingsTable {
  id: Generated<number>;
  customer_share_warn_ppm: number;
  customer_share_alert_ppm: number;
  group_min_cv: number;
  personal_share_warn_ppm: number;
  loading_multiple_ppm: number;
  trailing_periods: number;
  spike_days: number;
  spike_share_ppm: number;
  spike_min_cv: number;
  sold_share_ppm: number;
  personal_use_cv: number;
  refund_rate_warn_ppm: number;
  payout_ratio_warn_ppm: number;
  cooling_off_days: number | null;
  /** Buy-back: the share of the price refunded (ppm) for resaleable goods returned within buy_back_days of the order. */
  buy_back_ppm: number;
  buy_back_days: number;
  grievance_officer: string | null;
  grievance_email: string | null;
  grievance_phone: string | null;
  updated_at: Timestamp;
}

export type ComplianceFlagKind =
  | 'customer_share' | 'group_customer_share' | 'personal_purchase_share' | 'inventory_loading'
  | 'purchase_spike' | 'seventy_percent_rule' | 'refund_rate' | 'payout_ratio';

export interface ComplianceFlagsTable {
  id: Generated<number>;
  period_id: number;
  kind: ComplianceFlagKind;
  severity: 'warning' | 'alert';
  member_id: number | null;
  subject: string;
  figures: ColumnType<Record<string, unknown>, string, string>;
  evidence: ColumnType<unknown[], string | undefined, string>;
  status: Generated<'open' | 'acknowledged'>;
  acknowledged_by: string | null;
  acknowledged_at: NullableTimestamp;
  note: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ComplianceScansTable {
  period_id: number;
  scanned_at: Timestamp;
  scanned_by: string;
  summary: ColumnType<Record<string, unknown>, string, string>;
}

/** Community (migration 0016): notifications, announcements, messages, events, training, feedback. */
export interface NotificationsTable {
  id: Generated<number>;
  member_id: number;
  kind: string;
  params: ColumnType<Record<string, unknown>, string, string>;
  in_app: Generated<boolean>;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface NotificationPreferencesTable {
  member_id: number;
  kind: string;
  channel: 'in_app' | 'email' | 'sms' | 'whatsapp';
  enabled: boolean;
}

export interface NotificationOutboxTable {
  id: Generated<number>;
  notification_id: number;
  channel: 'email' | 'sms' | 'whatsapp';
  address: string;
  language: Language;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
}

export interface AnnouncementsTable {
  id: Generated<number>;
  author_id: number | null;
  language: Language;
  title: string;
  body: string;
  audience: ColumnType<Record<string, unknown>, string, string>;
  recipient_count: number;
  created_by: number | null;
  created_at: Timestamp;
  hidden_at: NullableTimestamp;
}

export interface AnnouncementRecipientsTable {
  announcement_id: number;
  member_id: number;
  read_at: NullableTimestamp;
}

export interface MessagesTable {
  id: Generated<number>;
  sender_id: number;
  recipient_id: number;
  body: string;
  created_at: Timestamp;
  read_at: NullableTimestamp;
  hidden_at: NullableTimestamp;
  hidden_reason: string | null;
  hidden_by: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  organizer_id: number | null;
  kind: 'meeting' | 'training' | 'launch';
  language: Language;
  title: string;
  description: Generated<string>;
  online_url: string | null;
  place: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number | null;
  created_at: Timestamp;
}

export interface EventRegistrationsTable {
  event_id: number;
  member_id: number;
  registered_at: Timestamp;
  attended_at: NullableTimestamp;
}

export interface TrainingFilesTable {
  id: Generated<number>;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  created_at: Timestamp;
}

export interface CoursesTable {
  id: Generated<number>;
  title_en: string;
  title_hi: string;
  description_en: Generated<string>;
  description_hi: Generated<string>;
  published: Generated<boolean>;
  created_at: Timestamp;
}

export interface LessonsTable {
  id: Generated<number>;
  course_id: number;
  position: number;
  kind: 'text' | 'video' | 'file';
  title_en: string;
  title_hi: string;
  body_en: Generated<string>;
  body_hi: Generated<string>;
  video_url: string | null;
  file_id: number | null;
}

export interface LessonProgressTable {
  member_id: number;
  lesson_id: number;
  completed_at: Timestamp;
}

export interface ProductKnowledgeTable {
  product_id: number;
  usage_en: Generated<string>;
  usage_hi: Generated<string>;
  ingredients_en: Generated<string>;
  ingredients_hi: Generated<string>;
  certifications: ColumnType<string[], string, string>;
  faq: ColumnType<{ question: { en: string; hi: string }; answer: { en: string; hi: string } }[], string, string>;
  updated_at: Timestamp;
}

export interface ProductFeedbackTable {
  id: Generated<number>;
  product_id: number;
  member_id: number;
  rating: number;
  theme: string | null;
  suggestion: Generated<string>;
  created_at: Timestamp;
}

/** Commerce operations (migration 0014): stock, fulfilment, autoship, notification events. */
type Json = ColumnType<unknown, string, string>;

export interface WarehousesTable {
  id: Generated<number>;
  code: string;
  name: string;
  address: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface StockLevelsTable {
  warehouse_id: number;
  product_id: number;
  on_hand: Generated<number>;
  reserved: Generated<number>;
  updated_at: Timestamp;
}

export type StockMovementKind = 'receipt' | 'adjustment' | 'reserve' | 'release' | 'ship' | 'restock';

export interface StockMovementsTable {
  id: Generated<number>;
  warehouse_id: number;
  product_id: number;
  kind: StockMovementKind;
  on_hand_change: Generated<number>;
  reserved_change: Generated<number>;
  order_id: number | null;
  reason: string | null;
  actor: string;
  at: Timestamp;
}

export type FulfilmentState = 'placed' | 'paid' | 'packed' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

export interface OrderFulfilmentsTable {
  order_id: number;
  warehouse_id: number | null;
  state: FulfilmentState;
  shipping_address: Json | null;
  carrier: string | null;
  tracking_number: string | null;
  reserved: Generated<boolean>;
  updated_at: Timestamp;
}

export interface OrderFulfilmentEventsTable {
  id: Generated<number>;
  order_id: number;
  from_state: FulfilmentState | null;
  to_state: FulfilmentState;
  actor: string;
  note: string | null;
  at: Timestamp;
}

export type AutoshipStatus = 'active' | 'paused' | 'cancelled';

export interface AutoshipsTable {
  id: Generated<number>;
  member_id: number;
  status: Generated<AutoshipStatus>;
  day_of_month: number;
  next_run_date: string | null;
  payment_method: Json;
  shipping_address: Json;
  warehouse_id: number | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  cancelled_at: NullableTimestamp;
}

export interface AutoshipItemsTable {
  autoship_id: number;
  line_no: number;
  product_id: number;
  quantity: number;
}

export type AutoshipOccurrenceStatus = 'placed' | 'skipped' | 'missed' | 'retrying' | 'failed';

export interface AutoshipOccurrencesTable {
  autoship_id: number;
  month: string;
  due_date: string;
  status: AutoshipOccurrenceStatus;
  order_id: number | null;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_error: string | null;
  updated_at: Timestamp;
}

export interface NotificationEventsTable {
  id: Generated<number>;
  kind: string;
  member_id: number | null;
  payload: Json;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}
