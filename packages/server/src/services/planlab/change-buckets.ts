/**
 * How a member's earnings moved between two plans, from lost everything to new earner: the
 * what-if report counts members per bucket. Its own module so the API schema (and the web app
 * that reads its types) need nothing else of the what-if service.
 */
export const CHANGE_BUCKETS = ['lostAll', 'down50Plus', 'down10To50', 'downUnder10', 'unchanged', 'upUnder10', 'up10To50', 'up50Plus', 'newEarner'] as const;
export type ChangeBucket = (typeof CHANGE_BUCKETS)[number];
