-- A refund of free lines (a zero-priced sample or kit) returns no money but
-- still takes its volume back: its amount may be zero.
ALTER TABLE refunds DROP CONSTRAINT refunds_amount_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_amount_check CHECK (amount >= 0);
