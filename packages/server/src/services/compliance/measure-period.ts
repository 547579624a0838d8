import { divRound, validatePlan } from '@samooh/engine';
import { sql } from 'kysely';
import type { ComplianceFlagKind, PeriodRow } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import { getCompany } from '../company/get-company.ts';
import type { Db } from '../context.ts';
import { loadComplianceSettings } from './compliance-settings.ts';
import { sharePercent } from './earnings-statistics.ts';
import { GROUP_EVIDENCE, groupVolumes } from './group-volumes.ts';
import { theoreticalMaximum, type TheoreticalMaximum } from './theoretical-maximum.ts';

/** A flag a scan raises: what, about whom, how bad, with the figures and the evidence. */
export interface FlagDraft {
  kind: ComplianceFlagKind;
  severity: 'warning' | 'alert';
  memberId: number | null;
  /** 'company' or the member's code: one flag per period, kind and subject. */
  subject: string;
  figures: Record<string, unknown>;
  evidence: EvidenceOrder[];
}

export interface EvidenceOrder {
  order: string;
  date: string;
  buyer: string;
  cv: number;
  amount: number;
}

export interface PeriodMeasures {
  period: { id: number; start: string; end: string; status: string };
  customerShare: { customerCv: number; participantCv: number; totalCv: number; customerSharePercent: number; groupsMeasured: number; groupsFlagged: number };
  rankQualifiers: { measured: boolean; qualifiers: number; flagged: number };
  inventoryLoading: { aboveTrailingAverage: number; spikes: number; seventyPercentRule: number };
  refunds: { orderAmount: number; refundAmount: number; buyBackAmount: number; refundRatePercent: number; buyBackRatePercent: number; coolingOffDays: number | null };
  payout: null | { cvMoney: number; paid: number; clawbacks: number; payoutRatioPercent: number; theoreticalMaximum: TheoreticalMaximum; breakage: number; breakagePercent: number };
}

/** Hundredths of a volume point, exact: volumes are numeric(…, 2). */
const hundredths = (points: number | null | undefined) => Math.round((points ?? 0) * 100);
const points = (value: number) => value / 100;

/**
 * Measures a period against the company's compliance thresholds and returns the figures and the
 * flags they raise, writing nothing. docs/compliance.md defines each monitor.
 */
export async function measurePeriod(db: Db, periodId: number): Promise<{ measures: PeriodMeasures; flags: FlagDraft[] }> {
  const period = await db.selectFrom('periods').selectAll().where('id', '=', periodId).executeTakeFirst();
  if (!period) throw new SamoohError('PERIOD_NOT_FOUND', { period: String(periodId) });
  const company = await getCompany(db);
  const settings = await loadComplianceSettings(db);
  const flags: FlagDraft[] = [];
  const tz = company.time_zone;

  // Orders of the period net of refunds; a buyer counts as a customer if not a distributor on the order's date.
  const periodOrders = (ids: number[]) => sql`
    SELECT o.id, o.number, o.business_date, o.buyer_id, o.credited_id, o.period_id,
           o.amount - o.refunded_amount AS amount, o.cv - coalesce(rf.cv, 0) AS cv, o.qv - coalesce(rf.qv, 0) AS qv,
           (b.type <> 'distributor' OR (b.upgraded_at IS NOT NULL AND o.business_date < (b.upgraded_at AT TIME ZONE ${tz})::date)) AS customer
      FROM orders o
      JOIN members b ON b.id = o.buyer_id
      LEFT JOIN (SELECT r.order_id, sum(r.cv) AS cv, sum(r.qv) AS qv FROM refunds r JOIN orders ro ON ro.id = r.order_id
                  WHERE ro.period_id = ANY(${sql.val(ids)}::bigint[]) GROUP BY r.order_id) rf ON rf.order_id = o.id
     WHERE o.period_id = ANY(${sql.val(ids)}::bigint[])`;

  // --- Customer share, company-wide and per distributor group (sponsor downline, as the tree stands now).
  const totals = (await sql<{ customer_cv: number | null; total_cv: number | null }>`
    WITH po AS (${periodOrders([periodId])})
    SELECT sum(cv) FILTER (WHERE customer) AS customer_cv, sum(cv) AS total_cv FROM po`.execute(db)).rows[0]!;
  const customerH = hundredths(totals.customer_cv);
  const totalH = hundredths(totals.total_cv);
  const companyShare = sharePercent(customerH, totalH);
  const severityBelow = (share: number) =>
    share < settings.customer_share_alert_ppm / 10_000 ? 'alert' : share < settings.customer_share_warn_ppm / 10_000 ? 'warning' : null;
  if (totalH > 0) {
    const severity = severityBelow(companyShare);
    if (severity) {
      flags.push({ kind: 'customer_share', severity, memberId: null, subject: 'company', figures: { customerCv: points(customerH), participantCv: points(totalH - customerH), totalCv: points(totalH), customerSharePercent: companyShare, warnBelowPercent: settings.customer_share_warn_ppm / 10_000, alertBelowPercent: settings.customer_share_alert_ppm / 10_000 }, evidence: [] });
    }
  }
  const groups = await measureGroups(db, periodOrders([periodId]), hundredths(settings.group_min_cv));
  let groupsFlagged = 0;
  for (const group of groups) {
    const share = sharePercent(group.customerCv, group.cv);
    const severity = severityBelow(share);
    if (!severity) continue;
    groupsFlagged += 1;
    flags.push({
      kind: 'group_customer_share', severity, memberId: group.leader, subject: group.code,
      figures: { groupCv: points(group.cv), customerCv: points(group.customerCv), participantCv: points(group.cv - group.customerCv), customerSharePercent: share },
      evidence: group.evidence,
    });
  }

  // --- Personal purchase share of each rank qualifier's PV (committed run only).
  const run = await db.selectFrom('commission_runs').select(['id', 'plan_version_id', 'totals']).where('period_id', '=', periodId).where('status', '=', 'committed').executeTakeFirst();
  const plan = run ? validatePlan((await db.selectFrom('plan_versions').select('document').where('id', '=', run.plan_version_id).executeTakeFirstOrThrow()).document) : null;
  let qualifiers = 0;
  let qualifierFlags = 0;
  if (plan && run) {
    const ranksWithRequirements = plan.ranks.filter((rank) => rank.requires && Object.keys(rank.requires).length > 0).map((rank) => rank.id);
    const rows = (await sql<{ member_id: number; code: string; rank: string; pv: number; own_qv: number | null }>`
      WITH po AS (${periodOrders([periodId])}),
      own AS (SELECT buyer_id, sum(qv) AS qv FROM po WHERE NOT customer GROUP BY buyer_id)
      SELECT o.member_id, m.code, o.rank, o.pv, own.qv AS own_qv
        FROM commission_run_members o JOIN members m ON m.id = o.member_id LEFT JOIN own ON own.buyer_id = o.member_id
       WHERE o.run_id = ${run.id} AND o.rank = ANY(${sql.val(ranksWithRequirements)}::text[]) AND o.pv > 0`.execute(db)).rows;
    qualifiers = rows.length;
    const flagged = rows.filter((row) => sharePercent(hundredths(row.own_qv), hundredths(row.pv)) >= settings.personal_share_warn_ppm / 10_000);
    const evidence = await ownOrders(db, periodOrders([periodId]), flagged.map((row) => row.member_id));
    for (const row of flagged) {
      const share = sharePercent(hundredths(row.own_qv), hundredths(row.pv));
      qualifierFlags += 1;
      flags.push({ kind: 'personal_purchase_share', severity: share >= 100 ? 'alert' : 'warning', memberId: row.member_id, subject: row.code, figures: { rank: row.rank, pv: row.pv, ownQv: points(hundredths(row.own_qv)), personalSharePercent: share, warnAtPercent: settings.personal_share_warn_ppm / 10_000 }, evidence: evidence.get(row.member_id) ?? [] });
    }
  }

  // --- Inventory loading: own purchases against the trailing periods, late spikes, and the 70% rule.
  const loading = await measureLoading(db, period, settings, periodOrders, flags);

  // --- Refunds and buy-backs taking effect in the period, against the period's orders.
  const refunds = await measureRefunds(db, period, settings, flags);

  // --- Payout ratio and breakage of the committed run.
  let payout: PeriodMeasures['payout'] = null;
  if (plan && run) {
    const runTotals = run.totals as { paid: number; clawbacks: number; cv: number; byBonus: Record<string, number> };
    const facts = await periodFacts(db, periodId, plan.bonuses.some((bonus) => bonus.type === 'binary'));
    const maximum = theoreticalMaximum(plan, { ...facts, paidByBonus: runTotals.byBonus });
    const cvMoney = divRound(hundredths(runTotals.cv) * plan.minorUnitsPerCV, 100, 'half-up');
    const ratio = sharePercent(runTotals.paid, cvMoney);
    payout = {
      cvMoney, paid: runTotals.paid, clawbacks: runTotals.clawbacks, payoutRatioPercent: ratio, theoreticalMaximum: maximum,
      breakage: maximum.total - runTotals.paid, breakagePercent: sharePercent(maximum.total - runTotals.paid, maximum.total),
    };
    if (ratio > settings.payout_ratio_warn_ppm / 10_000) {
      flags.push({ kind: 'payout_ratio', severity: 'warning', memberId: null, subject: 'company', figures: { paid: runTotals.paid, cvMoney, payoutRatioPercent: ratio, theoreticalMaximum: maximum.total, warnAbovePercent: settings.payout_ratio_warn_ppm / 10_000 }, evidence: [] });
    }
  }

  return {
    measures: {
      period: { id: period.id, start: period.start_date, end: period.end_date, status: period.status },
      customerShare: { customerCv: points(customerH), participantCv: points(totalH - customerH), totalCv: points(totalH), customerSharePercent: companyShare, groupsMeasured: groups.length, groupsFlagged },
      rankQualifiers: { measured: run !== undefined, qualifiers, flagged: qualifierFlags },
      inventoryLoading: loading,
      refunds,
      payout,
    },
    flags,
  };
}

type Settings = Awaited<ReturnType<typeof loadComplianceSettings>>;
type OrdersQuery = (ids: number[]) => ReturnType<typeof sql>;

async function measureLoading(db: Db, period: PeriodRow, settings: Settings, periodOrders: OrdersQuery, flags: FlagDraft[]) {
  const trailing = await db.selectFrom('periods').select(['id', 'start_date']).where('start_date', '<', period.start_date).orderBy('start_date', 'desc').limit(settings.trailing_periods).execute();
  const ids = [period.id, ...trailing.map((row) => row.id)];
  const spikeFrom = new Date(Date.parse(`${period.end_date}T00:00:00Z`) - (settings.spike_days - 1) * 86_400_000).toISOString().slice(0, 10);
  // Per distributor: own CV this period, in the spike window, in the trailing periods; CV sold to referred customers.
  const rows = (await sql<{ member_id: number; code: string; own: number | null; late: number | null; own_before: number | null; sold: number | null }>`
    WITH po AS (${periodOrders(ids)})
    SELECT m.id AS member_id, m.code,
           sum(po.cv) FILTER (WHERE NOT po.customer AND po.buyer_id = m.id AND po.period_id = ${period.id}) AS own,
           sum(po.cv) FILTER (WHERE NOT po.customer AND po.buyer_id = m.id AND po.period_id = ${period.id} AND po.business_date >= ${spikeFrom}::date) AS late,
           sum(po.cv) FILTER (WHERE NOT po.customer AND po.buyer_id = m.id AND po.period_id <> ${period.id}) AS own_before,
           sum(po.cv) FILTER (WHERE po.customer) AS sold
      FROM po JOIN members m ON m.id = po.credited_id
     GROUP BY m.id, m.code
    HAVING sum(po.cv) FILTER (WHERE NOT po.customer AND po.buyer_id = m.id AND po.period_id = ${period.id}) >= ${settings.spike_min_cv}`.execute(db)).rows;
  const multiple = settings.loading_multiple_ppm;
  const minimumSold = settings.sold_share_ppm;
  const allowance = hundredths(settings.personal_use_cv) * trailing.length;
  const found: { member: number; code: string; kind: ComplianceFlagKind; severity: 'warning' | 'alert'; figures: Record<string, unknown>; lateOnly: boolean }[] = [];
  for (const row of rows) {
    const own = hundredths(row.own);
    const before = hundredths(row.own_before);
    const late = hundredths(row.late);
    const sold = hundredths(row.sold);
    if (trailing.length > 0 && before > 0) {
      // Own this period > multiple × (own over the trailing periods ÷ their number), in exact integers.
      if (own * trailing.length * 1_000_000 > multiple * before) {
        found.push({ member: row.member_id, code: row.code, kind: 'inventory_loading', severity: 'warning', lateOnly: false, figures: { ownCv: points(own), trailingAverageCv: points(Math.round(before / trailing.length)), trailingPeriods: trailing.length, multiple: multiple / 1_000_000 } });
      }
    }
    if (own > 0 && late * 1_000_000 >= settings.spike_share_ppm * own) {
      found.push({ member: row.member_id, code: row.code, kind: 'purchase_spike', severity: 'warning', lateOnly: true, figures: { ownCv: points(own), lastDaysCv: points(late), lastDays: settings.spike_days, from: spikeFrom, lastDaysSharePercent: sharePercent(late, own) } });
    }
    const needed = before - allowance;
    if (trailing.length > 0 && needed > 0 && sold * 1_000_000 < minimumSold * needed) {
      found.push({ member: row.member_id, code: row.code, kind: 'seventy_percent_rule', severity: 'warning', lateOnly: false, figures: { earlierOwnCv: points(before), personalUseCv: points(allowance), soldToCustomersCv: points(sold), soldSharePercent: sharePercent(sold, needed), minimumPercent: minimumSold / 10_000, reorderCv: points(own), trailingPeriods: trailing.length } });
    }
  }
  const evidence = await ownOrders(db, periodOrders([period.id]), [...new Set(found.map((entry) => entry.member))]);
  for (const entry of found) {
    const orders = evidence.get(entry.member) ?? [];
    flags.push({ kind: entry.kind, severity: entry.severity, memberId: entry.member, subject: entry.code, figures: entry.figures, evidence: entry.lateOnly ? orders.filter((order) => order.date >= spikeFrom) : orders });
  }
  return {
    aboveTrailingAverage: found.filter((entry) => entry.kind === 'inventory_loading').length,
    spikes: found.filter((entry) => entry.kind === 'purchase_spike').length,
    seventyPercentRule: found.filter((entry) => entry.kind === 'seventy_percent_rule').length,
  };
}

async function measureRefunds(db: Db, period: PeriodRow, settings: Settings, flags: FlagDraft[]): Promise<PeriodMeasures['refunds']> {
  const coolingOff = settings.cooling_off_days;
  // A buy-back is one made as such; an ordinary refund later than the cooling-off window after its order
  // counts as one too (every ordinary refund, if no window is set); a cooling-off cancellation never does.
  const rows = (await sql<{ member_id: number; code: string; ordered: number | null; refunded: number | null; bought_back: number | null; refunds: number }>`
    WITH ordered AS (
      SELECT credited_id AS member_id, sum(amount) AS amount FROM orders WHERE period_id = ${period.id} GROUP BY credited_id
    ), refunded AS (
      SELECT o.credited_id AS member_id, sum(r.amount) AS amount, count(*)::int AS refunds,
             sum(r.amount) FILTER (WHERE r.kind = 'buy_back' OR (r.kind = 'refund' AND ${coolingOff === null ? sql`true` : sql`r.created_at > o.created_at + make_interval(days => ${coolingOff})`})) AS bought_back
        FROM refunds r JOIN orders o ON o.id = r.order_id
       WHERE r.period_id = ${period.id} GROUP BY o.credited_id
    )
    SELECT m.id AS member_id, m.code, d.amount AS ordered, f.amount AS refunded, f.bought_back, coalesce(f.refunds, 0) AS refunds
      FROM ordered d FULL JOIN refunded f ON f.member_id = d.member_id
      JOIN members m ON m.id = coalesce(d.member_id, f.member_id)`.execute(db)).rows;
  const ordered = rows.reduce((sum, row) => sum + (row.ordered ?? 0), 0);
  const refunded = rows.reduce((sum, row) => sum + (row.refunded ?? 0), 0);
  const boughtBack = rows.reduce((sum, row) => sum + (row.bought_back ?? 0), 0);
  const warn = settings.refund_rate_warn_ppm / 10_000;
  const rate = sharePercent(refunded, ordered);
  if (refunded > 0 && (ordered === 0 || rate > warn)) {
    flags.push({ kind: 'refund_rate', severity: 'warning', memberId: null, subject: 'company', figures: { orderAmount: ordered, refundAmount: refunded, buyBackAmount: boughtBack, refundRatePercent: rate, warnAbovePercent: warn }, evidence: [] });
  }
  for (const row of rows) {
    const orderedByMember = row.ordered ?? 0;
    const memberRate = sharePercent(row.refunded ?? 0, orderedByMember);
    if ((row.refunded ?? 0) > 0 && (orderedByMember === 0 || memberRate > warn)) {
      // With no orders in the period to set them against, the refunds stand without a rate.
      flags.push({ kind: 'refund_rate', severity: 'warning', memberId: row.member_id, subject: row.code, figures: { orderAmount: orderedByMember, refundAmount: row.refunded ?? 0, buyBackAmount: row.bought_back ?? 0, refunds: row.refunds, refundRatePercent: orderedByMember === 0 ? null : memberRate, warnAbovePercent: warn }, evidence: [] });
    }
  }
  return { orderAmount: ordered, refundAmount: refunded, buyBackAmount: boughtBack, refundRatePercent: rate, buyBackRatePercent: sharePercent(boughtBack, ordered), coolingOffDays: coolingOff };
}

/** The volumes the theoretical maximum is taken on. */
async function periodFacts(db: Db, periodId: number, binary: boolean) {
  const volume = (await sql<{ cv: number | null; qv: number | null; margin: number | null }>`
    SELECT (SELECT sum(o.cv) FROM orders o WHERE o.period_id = ${periodId}) - coalesce((SELECT sum(r.cv) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.period_id = ${periodId}), 0) AS cv,
           (SELECT sum(o.qv) FROM orders o WHERE o.period_id = ${periodId}) - coalesce((SELECT sum(r.qv) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.period_id = ${periodId}), 0) AS qv,
           (SELECT sum((l.unit_price - l.unit_wholesale) * (l.quantity - l.refunded_quantity))
              FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN members b ON b.id = o.buyer_id
             WHERE o.period_id = ${periodId} AND o.price_tier = 'retail' AND b.type <> 'distributor') AS margin`.execute(db)).rows[0]!;
  const distributors = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM members WHERE type = 'distributor' AND status = 'active'`.execute(db)).rows[0]!.n);
  let depth = { cv: 0, qv: 0 };
  let carry = { cv: 0, qv: 0 };
  if (binary) {
    // Placement ancestors of each order's credited member, in the tree as it stands now.
    depth = (await sql<{ cv: number | null; qv: number | null }>`
      WITH RECURSIVE d(id, depth) AS (
        SELECT id, 0 FROM members WHERE sponsor_id IS NULL
        UNION ALL
        SELECT m.id, d.depth + 1 FROM members m JOIN d ON m.placement_parent_id = d.id
      ), net AS (
        SELECT o.credited_id, o.cv - coalesce((SELECT sum(r.cv) FROM refunds r WHERE r.order_id = o.id), 0) AS cv,
               o.qv - coalesce((SELECT sum(r.qv) FROM refunds r WHERE r.order_id = o.id), 0) AS qv
          FROM orders o WHERE o.period_id = ${periodId}
      )
      SELECT sum(net.cv * d.depth) AS cv, sum(net.qv * d.depth) AS qv FROM net JOIN d ON d.id = net.credited_id`.execute(db)).rows[0] as { cv: number; qv: number };
    const carried = (await sql<{ carry: number | null }>`
      SELECT sum(coalesce(o.carry_left, 0) + coalesce(o.carry_right, 0)) AS carry
        FROM commission_run_members o
        JOIN commission_runs r ON r.id = o.run_id AND r.status = 'committed'
        JOIN periods p ON p.id = r.period_id
       WHERE p.start_date = (SELECT max(q.start_date) FROM periods q WHERE q.start_date < (SELECT start_date FROM periods WHERE id = ${periodId}))`.execute(db)).rows[0]!;
    carry = { cv: carried.carry ?? 0, qv: carried.carry ?? 0 };
  }
  const big = (value: number | null) => BigInt(hundredths(value));
  return {
    volume: { cv: big(volume.cv), qv: big(volume.qv) },
    depthVolume: { cv: big(depth.cv), qv: big(depth.qv) },
    carryIn: { cv: big(carry.cv), qv: big(carry.qv) },
    retailMargin: volume.margin ?? 0,
    distributors,
  };
}

/** The period's own purchases (not customer orders) of the given members, largest CV first, at most 20 each. */
async function ownOrders(db: Db, orders: ReturnType<typeof sql>, members: number[]): Promise<Map<number, EvidenceOrder[]>> {
  if (members.length === 0) return new Map();
  const { rows } = await sql<{ member_id: number; number: string; date: string; buyer: string; cv: number; amount: number }>`
    WITH po AS (${orders})
    SELECT * FROM (
      SELECT po.buyer_id AS member_id, po.number, po.business_date::text AS date, b.code AS buyer, po.cv, po.amount,
             row_number() OVER (PARTITION BY po.buyer_id ORDER BY po.cv DESC, po.number) AS n
        FROM po JOIN members b ON b.id = po.buyer_id
       WHERE NOT po.customer AND po.buyer_id = ANY(${sql.val(members)}::bigint[])
    ) ranked WHERE n <= 20 ORDER BY member_id, date, number`.execute(db);
  return groupEvidence(rows);
}

/**
 * Every distributor group with at least `minimumCv` (hundredths) this period, except the root's (that
 * is the company): its CV, its customers' CV and its five largest distributor purchases, summed up the
 * sponsor tree in memory (group-volumes.ts) rather than by walking each member's upline in SQL.
 */
async function measureGroups(db: Db, orders: ReturnType<typeof sql>, minimumCv: number) {
  const members = (await sql<{ id: number; sponsor_id: number | null }>`SELECT id, sponsor_id FROM members WHERE type = 'distributor'`.execute(db)).rows;
  const index = new Map<number, number>();
  members.forEach((member, i) => index.set(member.id, i));
  const parent = Int32Array.from(members, (member) => (member.sponsor_id === null ? -1 : (index.get(member.sponsor_id) ?? -1)));
  const cv = new Float64Array(members.length);
  const customerCv = new Float64Array(members.length);
  const credited = (await sql<{ id: number; cv: number; ccv: number | null }>`
    WITH po AS (${orders}) SELECT credited_id AS id, sum(cv) AS cv, sum(cv) FILTER (WHERE customer) AS ccv FROM po GROUP BY credited_id`.execute(db)).rows;
  for (const row of credited) {
    const i = index.get(row.id);
    if (i === undefined) continue;
    cv[i] = hundredths(row.cv);
    customerCv[i] = hundredths(row.ccv);
  }
  const purchases = (await sql<{ buyer_id: number; number: string; date: string; buyer: string; cv: number; amount: number }>`
    WITH po AS (${orders})
    SELECT r.buyer_id, r.number, r.date, b.code AS buyer, r.cv, r.amount FROM (
      SELECT buyer_id, number, business_date::text AS date, cv, amount, row_number() OVER (PARTITION BY buyer_id ORDER BY cv DESC, number) AS n
        FROM po WHERE NOT customer
    ) r JOIN members b ON b.id = r.buyer_id WHERE r.n <= ${GROUP_EVIDENCE} ORDER BY r.number`.execute(db)).rows;
  const ownOrders: number[][] = members.map(() => []);
  purchases.forEach((order, k) => ownOrders[index.get(order.buyer_id) ?? -1]?.push(k));
  const volumes = groupVolumes({ parent, cv, customerCv, ownOrders, orderCv: Float64Array.from(purchases, (order) => hundredths(order.cv)) });
  const measured: { leader: number; code: string; cv: number; customerCv: number; evidence: EvidenceOrder[] }[] = [];
  members.forEach((member, i) => {
    if (parent[i]! < 0 || volumes.cv[i]! < minimumCv || volumes.cv[i]! === 0) return;
    const evidence = volumes.largest(i).map((k) => purchases[k]!).map((order) => ({ order: order.number, date: order.date, buyer: order.buyer, cv: order.cv, amount: order.amount }));
    measured.push({ leader: member.id, code: '', cv: volumes.cv[i]!, customerCv: volumes.customerCv[i]!, evidence });
  });
  if (measured.length > 0) {
    const codes = new Map((await db.selectFrom('members').select(['id', 'code']).where('id', 'in', measured.map((group) => group.leader)).execute()).map((row) => [row.id, row.code]));
    for (const group of measured) group.code = codes.get(group.leader)!;
  }
  return measured;
}

function groupEvidence(rows: { member_id: number; number: string; date: string; buyer: string; cv: number; amount: number }[]): Map<number, EvidenceOrder[]> {
  const byMember = new Map<number, EvidenceOrder[]>();
  for (const row of rows) {
    const list = byMember.get(row.member_id) ?? [];
    list.push({ order: row.number, date: row.date, buyer: row.buyer, cv: row.cv, amount: row.amount });
    byMember.set(row.member_id, list);
  }
  return byMember;
}
