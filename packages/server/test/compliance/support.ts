/** The two level unilevel of the commission tests, with an activity rule and two ranks. */
export const RANKED_PLAN = `
plan: test-ranked
version: 1
effectiveFrom: 2020-01-01
currency: INR
activity: { minPV: 20 }
ranks:
  - id: bronze
    requires: { pv: 20 }
  - id: silver
    requires: { pv: 20, gv: 60 }
bonuses:
  - id: retail
    type: retailProfit
  - id: unilevel
    type: unilevel
    levels: [10%, 5%]
    compression: none
`;
