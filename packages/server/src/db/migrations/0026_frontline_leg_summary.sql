-- Each member's frontline legs summed up in their own live-standing row, so
-- reading what the next rank still needs is one row, not a read of every
-- personally sponsored distributor. Written in full by the projection refresh
-- and kept current by the projector one volume change at a time (see
-- services/projections/volume-changes.ts). NULL: not summed up since this
-- column came; the projection then reads the frontline itself until the next
-- refresh.
ALTER TABLE member_volumes
  -- GV of all frontline legs together (active distributors sponsored by the member).
  ADD COLUMN legs_gv numeric(18, 2),
  -- The same, each leg counted up to the max-leg cap of the member's next rank.
  ADD COLUMN legs_capped_gv numeric(20, 4),
  -- Frontline distributors with at least the plan's minimum PV.
  ADD COLUMN sponsored_active integer,
  -- {"rank id": how many frontline distributors hold it}, as of the last refresh.
  ADD COLUMN legs_by_rank jsonb;
