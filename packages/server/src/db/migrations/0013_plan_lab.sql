-- The plan lab: what the plan linter needs and keeps.

-- A catalogue item that stands for joining (a registration or enrollment fee)
-- rather than for a product. Like a starter kit, it should carry no volume: a
-- bonus paid on it is payment for recruitment. The linter warns when it does.
ALTER TABLE products
  ADD COLUMN enrollment_fee boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT products_kit_or_fee CHECK (NOT (starter_kit AND enrollment_fee));

-- The linter warns when a plan's theoretical maximum payout exceeds this share
-- of CV (parts per million; 500000 = 50%).
ALTER TABLE company
  ADD COLUMN lint_max_payout_ppm integer NOT NULL DEFAULT 500000 CHECK (lint_max_payout_ppm BETWEEN 1 AND 1000000);

-- The linter's findings on each stored plan version, as they were when it was
-- saved: { maxPayoutPpm, payoutBound, findings: [{ code, severity, path, params }] }.
ALTER TABLE plan_versions ADD COLUMN lint jsonb;
