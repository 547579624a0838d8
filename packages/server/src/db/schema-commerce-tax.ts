import type { ColumnType, Generated } from 'kysely';

/**
 * Tables and columns of migration 0015 (GST invoices, credit notes, webhooks),
 * merged into the Database interface of schema.ts by declaration merging.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

declare module './schema.ts' {
  interface CompanyTable {
    gstin: string | null;
    state_code: string | null;
    prices_include_tax: Generated<boolean>;
    legal_address: Generated<string>;
  }
  interface ProductsTable {
    hsn_code: string | null;
    gst_rate_bp: number | null;
  }
  interface OrdersTable {
    billing_state: string | null;
  }
  interface Database {
    document_counters: DocumentCountersTable;
    invoices: InvoicesTable;
    invoice_lines: InvoiceLinesTable;
    credit_notes: CreditNotesTable;
    credit_note_lines: CreditNoteLinesTable;
    webhook_subscriptions: WebhookSubscriptionsTable;
    webhook_events: WebhookEventsTable;
    webhook_deliveries: WebhookDeliveriesTable;
    webhook_attempts: WebhookAttemptsTable;
  }
}

export interface DocumentCountersTable {
  series: 'invoice' | 'credit_note';
  financial_year: string;
  last_number: number;
}

interface TaxAmounts {
  taxable_value: number;
  cgst: number;
  sgst: number;
  igst: number;
  total: number;
}

export interface InvoicesTable extends TaxAmounts {
  id: Generated<number>;
  number: string;
  financial_year: string;
  sequence: number;
  order_id: number;
  issue_date: string;
  issued_at: Timestamp;
  seller_gstin: string;
  seller_state: string;
  place_of_supply: string;
  inter_state: boolean;
  prices_include_tax: boolean;
  currency: string;
}

export interface InvoiceLinesTable extends TaxAmounts {
  invoice_id: number;
  line_no: number;
  order_line_id: number;
  sku: string;
  name_en: string;
  name_hi: string;
  hsn_code: string;
  gst_rate_bp: number;
  quantity: number;
  unit_price: number;
}

export interface CreditNotesTable extends TaxAmounts {
  id: Generated<number>;
  number: string;
  financial_year: string;
  sequence: number;
  invoice_id: number;
  refund_id: number;
  issue_date: string;
  issued_at: Timestamp;
  reason: string;
}

export interface CreditNoteLinesTable extends TaxAmounts {
  credit_note_id: number;
  line_no: number;
  quantity: number;
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  url: string;
  events: string[];
  secret: string;
  description: Generated<string>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  type: string;
  body: string;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  subscription_id: number;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  replay_of: number | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface WebhookAttemptsTable {
  delivery_id: number;
  attempt: number;
  at: Timestamp;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}
