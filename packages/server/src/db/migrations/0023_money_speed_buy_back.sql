-- Commission lines: one partition per run. A run writes its lines into a table
-- of its own with no index, builds the index once over the loaded rows (a sort,
-- not an insertion per row) and attaches the table; superseding a preview drops
-- its partition instead of deleting its lines row by row.
ALTER TABLE commission_lines RENAME TO commission_lines_before_partitions;
ALTER INDEX commission_lines_payee_idx RENAME TO commission_lines_before_partitions_payee_idx;
CREATE TABLE commission_lines (
  run_id            bigint NOT NULL,
  line_no           integer NOT NULL,
  payee_id          bigint NOT NULL,
  bonus             text NOT NULL,
  amount            bigint NOT NULL,
  source_member_id  bigint,
  source_order_id   bigint,
  level             smallint,
  paid_level        smallint,
  rate              text,
  base              bigint,
  reverses_run_id   bigint,
  reverses_line_no  integer,
  CHECK ((reverses_run_id IS NULL) = (reverses_line_no IS NULL))
) PARTITION BY LIST (run_id);
CREATE INDEX commission_lines_payee_idx ON commission_lines (run_id, payee_id, line_no);
DO $$
DECLARE
  run bigint;
BEGIN
  FOR run IN SELECT DISTINCT run_id FROM commission_lines_before_partitions LOOP
    EXECUTE format('CREATE TABLE commission_lines_run_%s PARTITION OF commission_lines FOR VALUES IN (%s)', run, run);
  END LOOP;
END $$;
INSERT INTO commission_lines SELECT * FROM commission_lines_before_partitions;
DROP TABLE commission_lines_before_partitions;

-- Ledger entries: their references are checked once per statement over the
-- rows it wrote (a commit writes about a million entries in one statement),
-- instead of one foreign-key lookup per row. The referenced rows are never
-- removed while entries point at them, as before.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_transaction_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_account_id_fkey;

CREATE FUNCTION check_ledger_entry_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing record;
BEGIN
  SELECT w.transaction_id, w.account_id,
         t.id IS NULL AS no_transaction
    INTO missing
    FROM written w
    LEFT JOIN ledger_transactions t ON t.id = w.transaction_id
    LEFT JOIN ledger_accounts a ON a.id = w.account_id
   WHERE t.id IS NULL OR a.id IS NULL
   LIMIT 1;
  IF FOUND THEN
    IF missing.no_transaction THEN
      RAISE EXCEPTION 'ledger entry refers to ledger transaction %, which does not exist', missing.transaction_id USING ERRCODE = '23503';
    END IF;
    RAISE EXCEPTION 'ledger entry refers to ledger account %, which does not exist', missing.account_id USING ERRCODE = '23503';
  END IF;
  RETURN NULL;
END $$
-- Probe the keys through their indexes, whatever the statistics say: the rows were
-- written in this transaction (a commit's new wallets and transactions are not yet
-- analysed), and a nested loop over a table taken for tiny would scan it per entry.
SET enable_seqscan = off;
CREATE TRIGGER ledger_entries_references AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION check_ledger_entry_references();

CREATE FUNCTION refuse_referenced_ledger_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'ledger_transactions' THEN
    IF EXISTS (SELECT 1 FROM ledger_entries e JOIN removed r ON r.id = e.transaction_id) THEN
      RAISE EXCEPTION 'ledger transaction still has entries' USING ERRCODE = '23503';
    END IF;
  ELSIF EXISTS (SELECT 1 FROM ledger_entries e JOIN removed r ON r.id = e.account_id) THEN
    RAISE EXCEPTION 'ledger account still has entries' USING ERRCODE = '23503';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_transactions_referenced AFTER DELETE ON ledger_transactions
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_referenced_ledger_removal();
CREATE TRIGGER ledger_accounts_referenced AFTER DELETE ON ledger_accounts
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_referenced_ledger_removal();

-- Identities are never renumbered: an entry's reference cannot be moved away under it.
CREATE FUNCTION refuse_ledger_id_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id THEN
    RAISE EXCEPTION 'ledger ids are never changed' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_transactions_id_fixed BEFORE UPDATE OF id ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_id_change();
CREATE TRIGGER ledger_accounts_id_fixed BEFORE UPDATE OF id ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_id_change();

-- Buy-back and cooling-off: what kind of refund each is, and the company's buy-back policy
-- (the share of the price refunded for resaleable goods returned within so many days).
ALTER TABLE refunds
  ADD COLUMN kind text NOT NULL DEFAULT 'refund' CHECK (kind IN ('refund', 'cooling_off', 'buy_back'));
ALTER TABLE compliance_settings
  ADD COLUMN buy_back_ppm  integer NOT NULL DEFAULT 900000 CHECK (buy_back_ppm BETWEEN 10000 AND 1000000),
  ADD COLUMN buy_back_days integer NOT NULL DEFAULT 365 CHECK (buy_back_days BETWEEN 1 AND 3650);

-- The balance check reads only the rows a statement wrote. Entries are never
-- changed or removed and every transaction balanced when it was written, so a
-- transaction still balances exactly when the entries added to it sum to zero:
-- no lookup of its earlier entries (there is no index on transaction_id, and
-- the old check scanned the whole ledger on every commit).
CREATE OR REPLACE FUNCTION check_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced bigint;
BEGIN
  SELECT transaction_id INTO unbalanced
    FROM written
   GROUP BY transaction_id
  HAVING sum(amount) <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', unbalanced USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
