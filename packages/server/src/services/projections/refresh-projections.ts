import { forEachLine, memberOutcomes, NONE, placementLegVolumes, VOLUME_SCALE, type Calculation, type EngineWorkspace } from '@samooh/engine';
import type { DatabaseHandle } from '../../db/connection.ts';
import { chunkRows, copyRow } from '../../db/copy-text.ts';
import type { PeriodRow } from '../../db/schema.ts';
import { prepareSnapshot } from '../commissions/calculate-period.ts';
import { calculateOnNetwork } from '../commissions/calculate-on-network.ts';
import { frontlineSums, LEG_SUM_SCALE } from './frontline-sums.ts';

/**
 * Recomputes an open period's live standing in full: the engine runs the plan
 * on the period so far, and every member's volumes, legs, activity, rank,
 * projected earnings and frontline leg sums are written afresh. Volume changes recorded before this
 * moment are folded in and removed; later ones stay for the projector. Run
 * periodically and after tree changes (which move volume between uplines).
 * Returns the period refreshed, or null when none is open. A caller that
 * refreshes again and again, one refresh at a time, passes the engine a kept
 * workspace so each refresh reuses the memory of the last.
 */
export async function refreshProjections(handle: DatabaseHandle, workspace?: EngineWorkspace): Promise<{ periodId: number; members: number } | null> {
  return handle.rawTransaction(async (session) => {
    await session.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    // Taken before the snapshot: no projector is between reading and writing the same rows.
    await session.exec('LOCK TABLE member_volumes IN SHARE ROW EXCLUSIVE MODE');
    const [period] = await session.query<PeriodRow>(`SELECT * FROM periods WHERE status = 'open' ORDER BY start_date LIMIT 1`);
    if (!period) return null;
    const { plan, loaded } = await prepareSnapshot(session, period);
    const calculation = calculateOnNetwork(plan, loaded.snapshot, { workspace });
    const outcome = memberOutcomes(calculation);
    const { snapshot } = loaded;
    const legs = placementLegVolumes(snapshot, outcome.pv);
    const frontline = frontlineSums(plan, snapshot, outcome);

    const byBonus = earningsByBonus(calculation, plan.bonuses.length);
    const bonusIds = plan.bonuses.map((bonus) => bonus.id);
    await session.query('DELETE FROM volume_events WHERE period_id = $1', [period.id]);
    await session.query('DELETE FROM member_volumes WHERE period_id = $1', [period.id]);
    const points = (units: number) => units / VOLUME_SCALE;
    const legPoints = (sum: number) => sum / LEG_SUM_SCALE;
    let members = 0;
    function* rows(): Generator<string> {
      for (let member = 0; member < snapshot.memberCount; member += 1) {
        const rank = outcome.paidRank[member]!;
        const sums = frontline.get(member);
        if (outcome.gv[member] === 0 && outcome.earned[member] === 0 && rank === NONE && legs.left[member] === 0 && legs.right[member] === 0 && !sums) continue;
        members += 1;
        yield copyRow([
          period!.id, loaded.memberDbId[member]!, points(outcome.pv[member]!), points(outcome.gv[member]!), points(legs.left[member]!), points(legs.right[member]!),
          outcome.active[member] === 1, rank === NONE ? null : plan.ranks[rank]!.id, outcome.earned[member]!, bonusJson(bonusIds, byBonus.get(member)),
          legPoints(sums?.gv ?? 0), legPoints(sums?.cappedGv ?? 0), sums?.sponsoredActive ?? 0, sums ? JSON.stringify(sums.byRank) : null,
        ]);
      }
    }
    await session.copyFrom('member_volumes', VOLUME_COLUMNS, chunkRows(rows()));
    return { periodId: period.id, members };
  });
}

const VOLUME_COLUMNS = [
  'period_id', 'member_id', 'pv', 'gv', 'left_volume', 'right_volume', 'active', 'rank', 'projected_earnings', 'projected_by_bonus',
  'legs_gv', 'legs_capped_gv', 'sponsored_active', 'legs_by_rank',
];

/** {"bonus-id": minor units} for the bonuses that pay the member something, or null. */
function bonusJson(bonusIds: readonly string[], amounts: Float64Array | undefined): string | null {
  if (!amounts) return null;
  return JSON.stringify(Object.fromEntries(bonusIds.flatMap((id, index) => (amounts[index] !== 0 ? [[id, amounts[index]!]] : []))));
}

/**
 * What each member would earn from each bonus (plan position), after the cap: the
 * engine's lines summed per payee. Only members with a line get an entry, so a big
 * network with few earners keeps this small. Line amounts are whole minor units, so
 * the bonuses of a member add up exactly to their total.
 */
function earningsByBonus(calculation: Calculation, bonusCount: number): Map<number, Float64Array> {
  const byPayee = new Map<number, Float64Array>();
  forEachLine(calculation, (payee, bonus, _step, _ref, amount) => {
    let amounts = byPayee.get(payee);
    if (!amounts) byPayee.set(payee, (amounts = new Float64Array(bonusCount)));
    amounts[bonus] = amounts[bonus]! + amount;
  });
  return byPayee;
}
