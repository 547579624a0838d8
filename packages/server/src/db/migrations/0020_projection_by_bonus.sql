-- Projected earnings of the open period broken down by bonus: the full
-- recompute writes, per member, the plan's bonus ids with what each would pay
-- now after the cap, in minor units (a JSON object; null before the first
-- recompute or when nothing is earned). The total stays in projected_earnings.
ALTER TABLE member_volumes ADD COLUMN projected_by_bonus jsonb;
