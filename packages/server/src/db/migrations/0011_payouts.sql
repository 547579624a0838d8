-- Payouts: holds stop them (earning goes on), batches carry them to the bank.

-- A hold an admin puts on a member's payouts (e.g. compliance review). KYC
-- that is not verified holds payouts too, without a row here.
ALTER TABLE members ADD COLUMN payout_hold text CHECK (payout_hold IS NULL OR length(trim(payout_hold)) > 0);

ALTER TABLE payout_batches
  DROP CONSTRAINT payout_batches_status_check,
  ADD CONSTRAINT payout_batches_status_check CHECK (status IN ('draft', 'exported', 'settled')),
  ADD COLUMN exported_at timestamptz,
  ADD COLUMN settled_at timestamptz;

ALTER TABLE payouts
  -- Bank details as they were when the batch was built: what the bank was told.
  ADD COLUMN account_holder text NOT NULL DEFAULT '',
  ADD COLUMN bank_account text,
  ADD COLUMN bank_ifsc text,
  ADD COLUMN reference text,
  ADD COLUMN failure_reason text,
  ADD COLUMN settled_at timestamptz,
  ADD COLUMN settlement_transaction_id bigint REFERENCES ledger_transactions (id);
CREATE UNIQUE INDEX payouts_reference_key ON payouts (reference);
-- A member is in at most one unsettled payout at a time.
CREATE UNIQUE INDEX payouts_one_pending ON payouts (member_id) WHERE status = 'pending';
