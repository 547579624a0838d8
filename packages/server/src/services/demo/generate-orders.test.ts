import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from './catalog.ts';
import { DISTRIBUTOR, generateNetwork, MEMBER_TYPES, RETAIL } from './generate-network.ts';
import { generateOrders, orderMonths, sumOf, sumOfVolumes, type DemoOrder, type DemoRefund, type OrderOptions } from './generate-orders.ts';
import { dateOf, endOfDay } from './kolkata-time.ts';

const UNTIL = '2025-03-15';
const network = generateNetwork({ members: 5000, seed: 7, joinedFrom: '2024-04-01', joinedUntil: UNTIL });
const OPTIONS: OrderOptions = { seed: 7, months: 3, until: UNTIL, batchSize: 1000 };
const generated = generateOrders(network, DEMO_CATALOG, OPTIONS);

function collect(options: OrderOptions = OPTIONS) {
  const orders: DemoOrder[] = [];
  const refunds: DemoRefund[] = [];
  for (const batch of generateOrders(network, DEMO_CATALOG, options).batches()) {
    orders.push(...batch.orders);
    refunds.push(...batch.refunds);
  }
  return { orders, refunds };
}

const { orders, refunds } = collect();
const hundredths = (volume: number) => Math.round(volume * 100);

describe('orderMonths', () => {
  it('gives the calendar months ending with the month of `until`, the last one cut at the end of that day', () => {
    const months = orderMonths(3, '2024-03-10');
    expect(months.map((m) => [m.start, m.end])).toEqual([
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
      ['2024-03-01', '2024-03-31'],
    ]);
    expect(months[2]!.to).toBe(endOfDay('2024-03-10'));
    expect(months[0]!.to).toBe(months[1]!.from);
  });
});

describe('generateOrders', () => {
  it('gives the same orders for the same seed and others for another seed', () => {
    expect(collect()).toEqual({ orders, refunds });
    const other = collect({ ...OPTIONS, seed: 8 });
    expect(other.orders.slice(0, 50)).not.toEqual(orders.slice(0, 50));
  });

  it('yields batches of at most the batch size, numbered on from one batch to the next', () => {
    const sizes = [...generated.batches()].map((batch) => batch.orders.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(orders.length).toBe(generated.total);
    expect(orders.map((order) => order.index)).toEqual(orders.map((_, i) => i));
    expect(orders.flatMap((order) => order.lines).map((line) => line.index)).toEqual(orders.flatMap((order) => order.lines).map((_, i) => i));
    expect(refunds.map((refund) => refund.index)).toEqual(refunds.map((_, i) => i));
  });

  it('places orders in time order, after the buyer joined, within the months and up to `until`', () => {
    const lastInstant = endOfDay(UNTIL);
    orders.forEach((order, i) => {
      expect(order.createdAt).toBeGreaterThan(network.joinedAt[order.buyer]!);
      expect(order.createdAt).toBeLessThan(lastInstant);
      if (i > 0) expect(order.createdAt).toBeGreaterThanOrEqual(orders[i - 1]!.createdAt);
      expect(order.businessDate).toBe(dateOf(order.createdAt));
      const month = generated.months[order.month]!;
      expect(order.createdAt).toBeGreaterThanOrEqual(month.from);
      expect(order.createdAt).toBeLessThan(month.to);
    });
    expect(orders.at(-1)!.businessDate <= UNTIL).toBe(true);
  });

  it('has distributors and preferred customers order more often than retail customers', () => {
    const ordersPerMember = (type: number) => {
      const buyers = orders.filter((order) => network.type[order.buyer] === type).length;
      return buyers / network.type.filter((t) => t === type).length;
    };
    const retail = ordersPerMember(RETAIL);
    expect(ordersPerMember(DISTRIBUTOR)).toBeGreaterThan(2 * retail);
    expect(ordersPerMember(MEMBER_TYPES.indexOf('preferred'))).toBeGreaterThan(2 * retail);
  });

  it('prices by tier: retail customers pay retail, everyone else the distributor price', () => {
    for (const order of orders) {
      const isRetail = network.type[order.buyer] === RETAIL;
      expect(order.tier).toBe(isRetail ? 'retail' : 'distributor');
      for (const line of order.lines) {
        const product = DEMO_CATALOG[line.product]!;
        expect(line.unitPrice).toBe(isRetail ? product.retailPrice : product.distributorPrice);
        expect(line.unitWholesale).toBe(product.distributorPrice);
        expect(line.wholesaleAmount).toBe(product.distributorPrice * line.quantity);
        expect(line.amount).toBe(line.unitPrice * line.quantity);
        expect([line.unitQv, line.unitCv]).toEqual([product.qv, product.cv]);
        expect(hundredths(line.qv)).toBe(hundredths(product.qv) * line.quantity);
        expect(hundredths(line.cv)).toBe(hundredths(product.cv) * line.quantity);
      }
    }
  });

  it('credits the buyer if a distributor, otherwise the buyer’s sponsor', () => {
    for (const order of orders) {
      expect(order.credited).toBe(network.type[order.buyer] === DISTRIBUTOR ? order.buyer : network.sponsor[order.buyer]);
    }
  });

  it('has one to four lines of different products, one to three of each', () => {
    for (const order of orders) {
      expect(order.lines.length).toBeGreaterThanOrEqual(1);
      expect(order.lines.length).toBeLessThanOrEqual(4);
      expect(new Set(order.lines.map((line) => line.product)).size).toBe(order.lines.length);
      expect(order.lines.map((line) => line.lineNo)).toEqual(order.lines.map((_, i) => i + 1));
      for (const line of order.lines) expect([1, 2, 3]).toContain(line.quantity);
    }
  });

  it('sells the starter kit, without volume, only to new distributors', () => {
    const kit = DEMO_CATALOG.findIndex((product) => product.starterKit);
    const kitOrders = orders.filter((order) => order.lines.some((line) => line.product === kit));
    expect(kitOrders.length).toBeGreaterThan(0);
    for (const order of kitOrders) {
      expect(network.type[order.buyer]).toBe(DISTRIBUTOR);
      const line = order.lines.find((candidate) => candidate.product === kit)!;
      expect([line.qv, line.cv, line.quantity]).toEqual([0, 0, 1]);
    }
    expect(new Set(kitOrders.map((order) => order.buyer)).size).toBe(kitOrders.length);
  });

  it('keeps every order’s totals equal to the sum of its lines', () => {
    for (const order of orders) {
      expect(order.amount).toBe(sumOf(order.lines, (line) => line.amount));
      expect(order.wholesaleAmount).toBe(sumOf(order.lines, (line) => line.wholesaleAmount));
      expect(order.qv).toBe(sumOfVolumes(order.lines, (line) => line.qv));
      expect(order.cv).toBe(sumOfVolumes(order.lines, (line) => line.cv));
    }
  });

  it('refunds about 2% of orders, some whole and some in part, within a week and by `until`', () => {
    expect(refunds.length / orders.length).toBeGreaterThan(0.01);
    expect(refunds.length / orders.length).toBeLessThan(0.03);
    const statuses = new Set(refunds.map((refund) => orders[refund.order]!.status));
    expect(statuses).toEqual(new Set(['refunded', 'partially_refunded']));
    for (const refund of refunds) {
      const order = orders[refund.order]!;
      expect(refund.createdAt).toBeGreaterThan(order.createdAt);
      expect(refund.createdAt - order.createdAt).toBeLessThanOrEqual(7 * 86_400_000);
      expect(refund.createdAt).toBeLessThan(endOfDay(UNTIL));
      const month = generated.months[refund.month]!;
      expect(refund.createdAt).toBeGreaterThanOrEqual(month.from);
      expect(refund.createdAt).toBeLessThan(month.to);
    }
  });

  it('keeps refunds consistent with their lines and with the orders they return', () => {
    const lines = orders.flatMap((order) => order.lines);
    for (const refund of refunds) {
      const order = orders[refund.order]!;
      expect(refund.amount).toBeGreaterThan(0);
      expect(refund.amount).toBe(sumOf(refund.lines, (line) => line.amount));
      expect(refund.qv).toBe(sumOfVolumes(refund.lines, (line) => line.qv));
      expect(refund.cv).toBe(sumOfVolumes(refund.lines, (line) => line.cv));
      expect(order.refundedAmount).toBe(refund.amount);
      for (const refundLine of refund.lines) {
        const line = lines[refundLine.line]!;
        expect(line.order).toBe(order.index);
        expect(refundLine.quantity).toBe(line.refundedQuantity);
        expect(refundLine.amount).toBe(line.unitPrice * refundLine.quantity);
      }
      const whole = order.lines.every((line) => line.refundedQuantity === line.quantity);
      expect(order.status).toBe(whole ? 'refunded' : 'partially_refunded');
    }
    const refunded = new Set(refunds.map((refund) => refund.order));
    for (const order of orders.filter((candidate) => !refunded.has(candidate.index))) {
      expect([order.status, order.refundedAmount]).toEqual(['paid', 0]);
      expect(order.lines.every((line) => line.refundedQuantity === 0)).toBe(true);
    }
  });
});
