import type { Language, MemberType } from '../../db/schema.ts';
import { endOfDay, startOfDay } from './kolkata-time.ts';
import { chance, pickWeighted, randomInt, randomStream, type Random } from './random.ts';

/**
 * The members of the demo company, generated from a seed. Member i is the
 * i-th to join (its database id is i + 1); member 0 is the company's root
 * distributor. Everything lives in typed arrays so a million members take a
 * few tens of megabytes and no per-member objects.
 */
export interface DemoNetwork {
  readonly size: number;
  /** Sponsor's index; NO_MEMBER for the root. Always a distributor who joined earlier. */
  readonly sponsor: Int32Array;
  /** Index into MEMBER_TYPES. */
  readonly type: Uint8Array;
  /** Placement parent's index; NO_MEMBER for the root and for customers. */
  readonly placementParent: Int32Array;
  /** 0 = left, 1 = right; NO_MEMBER where unplaced. */
  readonly placementSlot: Int8Array;
  /** Epoch milliseconds, whole seconds, never decreasing with the index. */
  readonly joinedAt: Float64Array;
  /** Index into LANGUAGES. */
  readonly language: Uint8Array;
  readonly firstName: Uint16Array;
  readonly lastName: Uint16Array;
  /** The nine digits after a mobile number's leading 9; unique per member. */
  readonly phoneDigits: Uint32Array;
  readonly hasEmail: Uint8Array;
}

export interface NetworkOptions {
  members: number;
  seed: number;
  /** First and last day (YYYY-MM-DD, Indian time) on which members join. */
  joinedFrom: string;
  joinedUntil: string;
}

export const NO_MEMBER = -1;
export const MEMBER_TYPES = ['distributor', 'preferred', 'retail'] as const satisfies readonly MemberType[];
export const DISTRIBUTOR = 0;
export const PREFERRED = 1;
export const RETAIL = 2;
export const LANGUAGES = ['en', 'hi'] as const satisfies readonly Language[];

/** Shares of distributors, preferred and retail customers, in MEMBER_TYPES order. */
const TYPE_WEIGHTS = [60, 15, 25];
const HINDI_SHARE = 0.35;
const EMAIL_SHARE = 0.45;
const NETWORK_STREAM = 0;
/** Keeps the phone arithmetic below exact-integer limits (see drawPhoneDigits). */
export const MAX_MEMBERS = 20_000_000;

const FIRST_NAMES = [
  'Aarav', 'Aditi', 'Akash', 'Amit', 'Ananya', 'Anil', 'Anjali', 'Arjun', 'Arun', 'Ayesha',
  'Deepa', 'Deepak', 'Divya', 'Farhan', 'Gaurav', 'Geeta', 'Gurpreet', 'Harish', 'Harpreet', 'Imran',
  'Isha', 'Joseph', 'Karan', 'Kavita', 'Kavya', 'Kiran', 'Lakshmi', 'Lalita', 'Manoj', 'Mary',
  'Meena', 'Mohan', 'Neha', 'Nikhil', 'Pooja', 'Pradeep', 'Priya', 'Rahul', 'Rajesh', 'Ramesh',
  'Rekha', 'Ritu', 'Rohit', 'Sai', 'Sanjay', 'Sarita', 'Shweta', 'Sneha', 'Sunil', 'Sunita',
  'Suresh', 'Swati', 'Tanvi', 'Varun', 'Venkatesh', 'Vijay', 'Vikram', 'Vinod', 'Yash', 'Zoya',
];
const LAST_NAMES = [
  'Agarwal', 'Ansari', 'Arora', 'Banerjee', 'Bhatia', 'Bose', 'Chatterjee', 'Chauhan', 'Chaudhary', 'Das',
  'Deshpande', 'Dubey', 'Fernandes', 'Ghosh', 'Gill', 'Gupta', 'Iyer', 'Jadhav', 'Jain', 'Joshi',
  'Kapoor', 'Khan', 'Khanna', 'Kulkarni', 'Kumar', 'Malhotra', 'Mehta', 'Mishra', 'Mukherjee', 'Naidu',
  'Nair', 'Pandey', 'Patel', 'Patil', 'Pawar', 'Pillai', 'Qureshi', 'Rao', 'Rathore', 'Reddy',
  'Sandhu', 'Saxena', 'Sen', 'Sethi', 'Shah', 'Sharma', 'Singh', 'Srivastava', 'Thakur', 'Tiwari',
  'Verma', 'Yadav',
];

/** Generates the members, their sponsor tree and their binary placement from a seed. */
export function generateNetwork(options: NetworkOptions): DemoNetwork {
  const size = options.members;
  if (!Number.isInteger(size) || size < 1 || size > MAX_MEMBERS) {
    throw new RangeError(`members must be a whole number from 1 to ${MAX_MEMBERS}, not ${size}`);
  }
  const from = startOfDay(options.joinedFrom);
  const until = endOfDay(options.joinedUntil);
  if (!(from < until)) throw new RangeError(`joinedFrom ${options.joinedFrom} must not be after joinedUntil ${options.joinedUntil}`);

  const rng = randomStream(options.seed, NETWORK_STREAM);
  const type = drawTypes(rng, size);
  const joinedAt = drawJoinTimes(rng, size, from, until);
  const sponsor = drawSponsors(rng, type);
  const { placementParent, placementSlot } = placeDistributors(rng, type, sponsor);
  return {
    size,
    sponsor,
    type,
    placementParent,
    placementSlot,
    joinedAt,
    language: drawFlags(rng, size, HINDI_SHARE),
    firstName: drawIndexes(rng, size, FIRST_NAMES.length),
    lastName: drawIndexes(rng, size, LAST_NAMES.length),
    phoneDigits: drawPhoneDigits(rng, size),
    hasEmail: drawFlags(rng, size, EMAIL_SHARE),
  };
}

/** The root is the company's own distributor; everyone else by TYPE_WEIGHTS. */
function drawTypes(rng: Random, size: number): Uint8Array {
  const type = new Uint8Array(size);
  for (let i = 1; i < size; i++) type[i] = pickWeighted(rng, TYPE_WEIGHTS);
  return type;
}

/**
 * Join instants over [from, until), denser towards the end as a growing
 * company's are: the i-th member joins at fraction sqrt(i / size) of the
 * span, plus a random part of the gap to the next, so the order of joining
 * is the order of the index. The root is there from the first moment.
 */
function drawJoinTimes(rng: Random, size: number, from: number, until: number): Float64Array {
  const joinedAt = new Float64Array(size).fill(from);
  const spanSeconds = Math.floor((until - from) / 1000);
  const secondAt = (i: number) => Math.floor(spanSeconds * Math.sqrt(i / size));
  for (let i = 1; i < size; i++) {
    const earliest = secondAt(i);
    const gap = Math.max(0, secondAt(i + 1) - earliest - 1);
    joinedAt[i] = from + (earliest + randomInt(rng, 0, gap)) * 1000;
  }
  return joinedAt;
}

/**
 * Preferential attachment: each newcomer picks a sponsor among the
 * distributors already in, with weight 1 + that distributor's recruits. The
 * pool lists each distributor once plus once per recruit, so a uniform pick
 * from it is that weighting. Most distributors recruit nobody; a few, many.
 */
function drawSponsors(rng: Random, type: Uint8Array): Int32Array {
  const size = type.length;
  const sponsor = new Int32Array(size).fill(NO_MEMBER);
  const pool = new Int32Array(2 * size);
  let poolSize = 0;
  pool[poolSize++] = 0;
  for (let i = 1; i < size; i++) {
    const chosen = pool[randomInt(rng, 0, poolSize - 1)]!;
    sponsor[i] = chosen;
    pool[poolSize++] = chosen;
    if (type[i] === DISTRIBUTOR) pool[poolSize++] = i;
  }
  return sponsor;
}

/**
 * Places every distributor but the root in the binary tree, inside the
 * sponsor's own placement downline: a random walk down from the sponsor,
 * left or right at each node, to the first free slot. Random walks keep the
 * tree's depth logarithmic. Customers are never placed.
 */
function placeDistributors(rng: Random, type: Uint8Array, sponsor: Int32Array) {
  const size = type.length;
  const placementParent = new Int32Array(size).fill(NO_MEMBER);
  const placementSlot = new Int8Array(size).fill(NO_MEMBER);
  const children = new Int32Array(2 * size).fill(NO_MEMBER);
  for (let i = 1; i < size; i++) {
    if (type[i] !== DISTRIBUTOR) continue;
    let node = sponsor[i]!;
    let slot = randomInt(rng, 0, 1);
    while (children[2 * node + slot] !== NO_MEMBER) {
      node = children[2 * node + slot]!;
      slot = randomInt(rng, 0, 1);
    }
    children[2 * node + slot] = i;
    placementParent[i] = node;
    placementSlot[i] = slot;
  }
  return { placementParent, placementSlot };
}

function drawFlags(rng: Random, size: number, share: number): Uint8Array {
  const flags = new Uint8Array(size);
  for (let i = 0; i < size; i++) flags[i] = chance(rng, share) ? 1 : 0;
  return flags;
}

function drawIndexes(rng: Random, size: number, count: number): Uint16Array {
  const indexes = new Uint16Array(size);
  for (let i = 0; i < size; i++) indexes[i] = randomInt(rng, 0, count - 1);
  return indexes;
}

const PHONE_SPACE = 1_000_000_000;

/**
 * Unique, random-looking mobile numbers: i -> (a * i + b) mod 10^9 is a
 * bijection when a shares no factor with 10^9, that is, is odd and not a
 * multiple of 5. With a at most 4 * 10^8 and i below MAX_MEMBERS, a * i
 * stays below 2^53, so the arithmetic is exact.
 */
function drawPhoneDigits(rng: Random, size: number): Uint32Array {
  let multiplier = randomInt(rng, PHONE_SPACE / 20, PHONE_SPACE / 5) * 2 + 1;
  if (multiplier % 5 === 0) multiplier += 2;
  const offset = randomInt(rng, 0, PHONE_SPACE - 1);
  const digits = new Uint32Array(size);
  for (let i = 0; i < size; i++) digits[i] = (multiplier * i + offset) % PHONE_SPACE;
  return digits;
}

export function memberType(network: DemoNetwork, index: number): MemberType {
  return MEMBER_TYPES[network.type[index]!]!;
}

export function memberLanguage(network: DemoNetwork, index: number): Language {
  return LANGUAGES[network.language[index]!]!;
}

export function memberName(network: DemoNetwork, index: number): string {
  return `${FIRST_NAMES[network.firstName[index]!]} ${LAST_NAMES[network.lastName[index]!]}`;
}

/** A ten-digit Indian mobile number starting with 9. */
export function memberPhone(network: DemoNetwork, index: number): string {
  return `9${String(network.phoneDigits[index]).padStart(9, '0')}`;
}

/** An address at example.com (reserved for examples, so no mail reaches anyone), or null. */
export function memberEmail(network: DemoNetwork, index: number): string | null {
  if (!network.hasEmail[index]) return null;
  const first = FIRST_NAMES[network.firstName[index]!]!.toLowerCase();
  const last = LAST_NAMES[network.lastName[index]!]!.toLowerCase();
  return `${first}.${last}.${index + 1}@example.com`;
}
