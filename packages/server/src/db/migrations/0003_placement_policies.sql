-- Where a new distributor goes when no slot is given: the company's default,
-- overridden by the sponsor's own preference, overridden by the request.
ALTER TABLE company ADD COLUMN default_placement_policy text NOT NULL DEFAULT 'spillover'
  CHECK (default_placement_policy IN ('spillover', 'extreme-left', 'extreme-right', 'weaker-leg-count', 'weaker-leg-volume', 'alternate'));
ALTER TABLE members ADD COLUMN placement_policy text
  CHECK (placement_policy IN ('spillover', 'extreme-left', 'extreme-right', 'weaker-leg-count', 'weaker-leg-volume', 'alternate'));
-- The leg the sponsor's last 'alternate' placement went to (0 left, 1 right).
ALTER TABLE members ADD COLUMN last_placement_leg smallint CHECK (last_placement_leg IN (0, 1));
-- Following one leg's outer edge down the tree.
CREATE INDEX members_placement_child_idx ON members (placement_parent_id, placement_slot) INCLUDE (id);
