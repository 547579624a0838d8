-- A distributor's public shop (/s/CODE): each order placed through it, the shop it
-- came through, the checkout's Idempotency-Key and request fingerprint, and its
-- payment: the method chosen at checkout and, once the distributor or staff record
-- it, the payment reference. The order's fulfilment state (placed -> paid) stays
-- in order_fulfilments; this table only says how it was paid.
CREATE TABLE shop_orders (
  order_id             bigint PRIMARY KEY REFERENCES orders (id),
  shop_member_id       bigint NOT NULL REFERENCES members (id),
  customer_member_id   bigint NOT NULL REFERENCES members (id),
  idempotency_key      text NOT NULL UNIQUE,
  request_hash         text NOT NULL,
  payment_method       text NOT NULL,
  payment_reference    text,
  payment_recorded_by  text,
  payment_recorded_at  timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((payment_reference IS NULL) = (payment_recorded_at IS NULL)),
  CHECK (payment_reference IS NULL OR length(payment_reference) BETWEEN 1 AND 100)
);
CREATE INDEX shop_orders_shop_idx ON shop_orders (shop_member_id, order_id);
