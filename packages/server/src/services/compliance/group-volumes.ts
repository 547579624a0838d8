/** How many of a group's largest distributor purchases are kept as evidence. */
export const GROUP_EVIDENCE = 5;

export interface GroupInput {
  /** Sponsor of each member as an index into these arrays, -1 for a member without one. */
  parent: Int32Array;
  /** CV credited to each member in the period, and the part bought by customers (hundredths). */
  cv: Float64Array;
  customerCv: Float64Array;
  /** Each member's own purchases: order indexes, and each order's CV (hundredths). */
  ownOrders: readonly (readonly number[])[];
  orderCv: Float64Array;
}

export interface GroupVolumes {
  /** CV of each member's group (the member and the whole sponsor downline), hundredths. */
  cv: Float64Array;
  customerCv: Float64Array;
  /** Each group's largest own purchases by distributors in it (order indexes), largest first. */
  largest: (leader: number) => number[];
}

/**
 * Group volumes of every member in one pass up the sponsor tree: members are ordered breadth
 * first from the roots, then each adds its group to its sponsor's, deepest first. Linear in
 * the members (and GROUP_EVIDENCE × members for the evidence), whatever the depth of the tree.
 */
export function groupVolumes(input: GroupInput): GroupVolumes {
  const n = input.parent.length;
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (input.parent[i]! >= 0) childCount[input.parent[i]! + 1]! += 1;
  for (let i = 0; i < n; i++) childCount[i + 1]! += childCount[i]!;
  const children = new Int32Array(childCount[n]!);
  const fill = childCount.slice(0, n);
  for (let i = 0; i < n; i++) if (input.parent[i]! >= 0) children[fill[input.parent[i]!]!++] = i;
  const order = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (input.parent[i]! < 0) order[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const member = order[head]!;
    for (let c = childCount[member]!; c < childCount[member + 1]!; c++) order[tail++] = children[c]!;
  }
  const cv = Float64Array.from(input.cv);
  const customerCv = Float64Array.from(input.customerCv);
  const top = new Int32Array(n * GROUP_EVIDENCE).fill(-1);
  const byCv = (a: number, b: number) => input.orderCv[b]! - input.orderCv[a]! || a - b;
  const keep = (member: number, candidates: number[]) => {
    const best = candidates.sort(byCv).slice(0, GROUP_EVIDENCE);
    for (let k = 0; k < GROUP_EVIDENCE; k++) top[member * GROUP_EVIDENCE + k] = best[k] ?? -1;
  };
  const listOf = (member: number) => {
    const list: number[] = [];
    for (let k = 0; k < GROUP_EVIDENCE; k++) {
      const order = top[member * GROUP_EVIDENCE + k]!;
      if (order >= 0) list.push(order);
    }
    return list;
  };
  for (let i = 0; i < n; i++) if (input.ownOrders[i]!.length > 0) keep(i, [...input.ownOrders[i]!]);
  // Members not reached from a root (a cycle cannot exist in the sponsor tree) stay out of the order.
  for (let k = tail - 1; k >= 0; k--) {
    const member = order[k]!;
    const up = input.parent[member]!;
    if (up < 0) continue;
    cv[up]! += cv[member]!;
    customerCv[up]! += customerCv[member]!;
    const mine = listOf(member);
    if (mine.length > 0) keep(up, [...listOf(up), ...mine]);
  }
  return { cv, customerCv, largest: listOf };
}
