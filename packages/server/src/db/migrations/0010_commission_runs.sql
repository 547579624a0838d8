-- Commission runs as they are computed, reviewed and committed; the ledger they post to.

-- Payout rules of the company: tax withheld at source on commission (India TDS,
-- a higher rate when the member has given no PAN), a processing fee, and the
-- smallest balance paid out. Rates are parts per million (20000 = 2%).
ALTER TABLE company
  ADD COLUMN tds_rate_ppm         integer NOT NULL DEFAULT 20000  CHECK (tds_rate_ppm BETWEEN 0 AND 1000000),
  ADD COLUMN tds_no_pan_rate_ppm  integer NOT NULL DEFAULT 200000 CHECK (tds_no_pan_rate_ppm BETWEEN 0 AND 1000000),
  ADD COLUMN fee_rate_ppm         integer NOT NULL DEFAULT 0      CHECK (fee_rate_ppm BETWEEN 0 AND 1000000),
  ADD COLUMN fee_flat             bigint  NOT NULL DEFAULT 0      CHECK (fee_flat >= 0),
  ADD COLUMN minimum_payout       bigint  NOT NULL DEFAULT 50000  CHECK (minimum_payout >= 0);

ALTER TABLE commission_runs
  ADD COLUMN line_count    bigint NOT NULL DEFAULT 0,
  ADD COLUMN committed_by  bigint,
  ADD COLUMN sequence      integer NOT NULL DEFAULT 1,
  -- Refunds of the period's own orders the run took off; a commit refuses a
  -- run that missed a later one (it must be calculated again).
  ADD COLUMN netted_refunds integer NOT NULL DEFAULT 0;

-- A refund of an order whose period was already committed claws back in the
-- open period instead of changing the committed one.
ALTER TABLE refunds ADD COLUMN clawback boolean NOT NULL DEFAULT false;

-- Lines are written in bulk (COPY) by the run that computes them, tens of
-- millions at a time: no foreign keys (each would be a lookup per line), and
-- one index for statements. (run_id, line_no) names a line for ever; a
-- clawback line points at the line it reverses the same way.
ALTER TABLE ledger_entries DROP COLUMN commission_line_id;
DROP TABLE commission_lines;
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
);
CREATE INDEX commission_lines_payee_idx ON commission_lines (run_id, payee_id, line_no);

-- What a run worked out for each member who had volume, a rank, carry or
-- earnings: the next period reads rank history and binary carry from here.
CREATE TABLE commission_run_members (
  run_id        bigint NOT NULL REFERENCES commission_runs (id) ON DELETE CASCADE,
  member_id     bigint NOT NULL,
  pv            numeric(18, 2) NOT NULL,
  gv            numeric(18, 2) NOT NULL,
  active        boolean NOT NULL,
  rank          text,
  highest_rank  text,
  -- Minor units: gross commission, tax withheld, processing fee.
  earned        bigint NOT NULL,
  tds           bigint NOT NULL DEFAULT 0,
  fee           bigint NOT NULL DEFAULT 0,
  carry_left    numeric(18, 2),
  carry_right   numeric(18, 2),
  PRIMARY KEY (run_id, member_id)
);

ALTER TABLE ledger_transactions
  ADD COLUMN commission_run_id bigint REFERENCES commission_runs (id),
  ADD COLUMN member_id         bigint REFERENCES members (id);
CREATE INDEX ledger_transactions_member_idx ON ledger_transactions (member_id, id);

-- A commit writes hundreds of thousands of balanced transactions in a few
-- statements: check balance once per statement over the rows it wrote,
-- rather than once per row (which re-summed the transaction each time).
DROP TRIGGER ledger_entries_balanced ON ledger_entries;
DROP FUNCTION check_ledger_balanced();
CREATE FUNCTION check_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced bigint;
BEGIN
  SELECT e.transaction_id INTO unbalanced
    FROM ledger_entries e
   WHERE e.transaction_id IN (SELECT DISTINCT transaction_id FROM written)
   GROUP BY e.transaction_id
  HAVING sum(e.amount) <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', unbalanced USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION check_ledger_balanced();

-- Entries are facts: corrected by new entries, never edited or removed.
CREATE FUNCTION refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are never changed; post a correcting entry' USING ERRCODE = '55000';
END $$;
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
