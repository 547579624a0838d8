-- During a bulk load (samooh.bulk_load = 'on') the order and refund total
-- triggers are not even queued: the loader checks every total in one query.
DROP TRIGGER orders_totals_match_lines ON orders;
DROP TRIGGER order_lines_totals_match ON order_lines;
DROP TRIGGER refunds_totals_match_lines ON refunds;
DROP TRIGGER refund_lines_totals_match ON refund_lines;

CREATE CONSTRAINT TRIGGER orders_totals_match_lines AFTER INSERT OR UPDATE ON orders
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('samooh.bulk_load', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION check_order_totals('id');
CREATE CONSTRAINT TRIGGER order_lines_totals_match AFTER INSERT OR UPDATE OR DELETE ON order_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('samooh.bulk_load', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION check_order_totals('order_id');
CREATE CONSTRAINT TRIGGER refunds_totals_match_lines AFTER INSERT OR UPDATE ON refunds
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('samooh.bulk_load', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION check_refund_totals('id');
CREATE CONSTRAINT TRIGGER refund_lines_totals_match AFTER INSERT OR UPDATE OR DELETE ON refund_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (current_setting('samooh.bulk_load', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION check_refund_totals('refund_id');
