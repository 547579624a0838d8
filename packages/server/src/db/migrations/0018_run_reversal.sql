-- Reopening a committed (not yet paid) period: the committed run is reversed in
-- the ledger, never edited, and keeps its lines as the record of what was posted.
ALTER TABLE commission_runs
  DROP CONSTRAINT commission_runs_status_check,
  ADD CONSTRAINT commission_runs_status_check CHECK (status IN ('preview', 'approved', 'committed', 'superseded', 'reversed')),
  ADD COLUMN reversed_by bigint,
  ADD COLUMN reversed_at timestamptz,
  ADD COLUMN reversal_reason text,
  ADD CONSTRAINT commission_runs_reversal_complete CHECK ((status = 'reversed') = (reversed_at IS NOT NULL AND reversal_reason IS NOT NULL));

ALTER TABLE ledger_transactions
  DROP CONSTRAINT ledger_transactions_kind_check,
  ADD CONSTRAINT ledger_transactions_kind_check CHECK (kind IN ('commission', 'clawback', 'deduction', 'adjustment', 'payout', 'reversal')),
  -- Unique: a transaction is reversed at most once.
  ADD COLUMN reverses_transaction_id bigint UNIQUE REFERENCES ledger_transactions (id),
  ADD CONSTRAINT ledger_transactions_reversal_points_back CHECK ((kind = 'reversal') = (reverses_transaction_id IS NOT NULL));
