// Where the plan's prices come from: the Retail Prices API when it answers (cached per region with
// the fetch date), else that cache, else the dated table shipped in the repo (prices.json), always
// saying which. Unknown stays unknown.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "../config/project-dir.js";
import {
  billableKey,
  fetchAll,
  HOURS_PER_MONTH,
  pick,
  priceRegion,
  TIMEOUT_MS,
  urlFor,
  type Billable,
  type Fetcher,
} from "./retail-api.js";

export interface Price {
  /** USD per hour, or null when unknown. */
  readonly hourly: number | null;
  /** Where this one figure comes from (URL, or the API's meter). */
  readonly source: string;
  readonly sourceDate?: string;
  readonly note?: string;
}

export interface PriceSet {
  readonly origin: "api" | "cache" | "table";
  /** One line for people: where the prices come from and as of when. */
  readonly statement: string;
  readonly prices: Readonly<Record<string, Price>>;
}

interface TableRow {
  readonly region: string;
  readonly key: string;
  readonly price: number | null;
  readonly unitOfMeasure: "1 Hour" | "1/Month";
  readonly source: string;
  readonly sourceDate: string;
  readonly note?: string;
}
export interface PriceTable {
  readonly compiled: string;
  readonly about: string;
  readonly rows: readonly TableRow[];
}

export const TABLE_PATH = join(PROJECT_DIR, "src", "plan", "prices.json");
export const readTable = (path = TABLE_PATH): PriceTable => JSON.parse(readFileSync(path, "utf8")) as PriceTable;

export const cacheDir = (): string => process.env.HSV_CACHE_DIR ?? join(homedir(), ".cache", "hub-spoke-vxlan");
const cacheFile = (dir: string, region: string) => join(dir, `prices-${region}.json`);

interface Cache {
  readonly fetched: string;
  readonly region: string;
  readonly prices: Record<string, Price>;
}

function readCache(dir: string, region: string): Cache | undefined {
  try {
    return JSON.parse(readFileSync(cacheFile(dir, region), "utf8")) as Cache;
  } catch {
    return undefined;
  }
}

export function fromTable(table: PriceTable, region: string, items: readonly Billable[]): Record<string, Price> {
  const out: Record<string, Price> = {};
  for (const b of items) {
    const key = billableKey(b);
    const where = priceRegion(b, region);
    const row = table.rows.find((r) => r.region === where && r.key === key);
    if (!row) out[key] = { hourly: null, source: "src/plan/prices.json", note: `no row for ${key} in ${where}` };
    else {
      const hourly = row.price === null ? null : row.unitOfMeasure === "1/Month" ? row.price / HOURS_PER_MONTH : row.price;
      out[key] = { hourly, source: row.source, sourceDate: row.sourceDate, ...(row.note ? { note: row.note } : {}) };
    }
  }
  return out;
}

async function fromApi(region: string, items: readonly Billable[], fetcher: Fetcher, timeoutMs: number): Promise<Record<string, Price>> {
  const out: Record<string, Price> = {};
  // One query per distinct filter (the gateway and Bastion queries serve every SKU).
  const urls = [...new Set(items.map((b) => urlFor(b, region)))];
  // Promise.all: the first failure ends the attempt, and no rejection is left unhandled.
  const answers = new Map((await Promise.all(urls.map((u) => fetchAll(u, fetcher, timeoutMs)))).map((a, i) => [urls[i]!, a]));
  for (const b of items) {
    const url = urlFor(b, region);
    const p = pick(b, region, answers.get(url)!);
    out[billableKey(b)] = p
      ? { hourly: p.hourly, source: `Retail Prices API: ${p.productName} / ${p.meterName} (${p.unitPrice} USD per ${p.unitOfMeasure})` }
      : { hourly: null, source: url, note: "no pay-as-you-go meter in the API's answer" };
  }
  return out;
}

/** "fetch failed" says little: name the timeout, or the cause's code (ENOTFOUND, ECONNREFUSED ...). */
function reason(e: unknown, timeoutMs: number): string {
  if (!(e instanceof Error)) return String(e);
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${e.message}: ${cause.code}` : cause?.message ? `${e.message}: ${cause.message}` : e.message;
}

export interface PriceOptions {
  readonly fetcher?: Fetcher;
  readonly timeoutMs?: number;
  readonly cacheDir?: string;
  readonly table?: PriceTable;
  /** A cache younger than this is used without asking the API. */
  readonly maxCacheAgeMs?: number;
  readonly now?: Date;
}

const DAY = 24 * 3600_000;
const hasAll = (c: Cache, items: readonly Billable[]) => items.every((b) => billableKey(b) in c.prices);

export async function resolvePrices(region: string, items: readonly Billable[], o: PriceOptions = {}): Promise<PriceSet> {
  const dir = o.cacheDir ?? cacheDir();
  const now = o.now ?? new Date();
  const cached = readCache(dir, region);
  const pickCached = (c: Cache, why: string): PriceSet => ({
    origin: "cache",
    statement: `prices from the Retail Prices API, fetched ${c.fetched} (cached in ${cacheFile(dir, region)})${why}`,
    prices: Object.fromEntries(items.map((b) => [billableKey(b), c.prices[billableKey(b)]!])),
  });
  if (cached && hasAll(cached, items) && now.getTime() - Date.parse(cached.fetched) < (o.maxCacheAgeMs ?? DAY))
    return pickCached(cached, "");
  try {
    const prices = await fromApi(region, items, o.fetcher ?? (fetch as unknown as Fetcher), o.timeoutMs ?? TIMEOUT_MS);
    const fetched = now.toISOString();
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(cacheFile(dir, region), JSON.stringify({ fetched, region, prices: { ...cached?.prices, ...prices } }, null, 2));
    } catch {
      // A read-only home only costs the cache.
    }
    return { origin: "api", statement: `prices from the Retail Prices API (${region}, USD, pay-as-you-go), fetched ${fetched}`, prices };
  } catch (e) {
    const why = reason(e, o.timeoutMs ?? TIMEOUT_MS);
    if (cached && hasAll(cached, items)) return pickCached(cached, `; the API was not reachable now (${why})`);
    const table = o.table ?? readTable();
    return {
      origin: "table",
      statement: `prices from the table of ${table.compiled}, source src/plan/prices.json (each row names its own source and date); the API was not reachable (${why})`,
      prices: fromTable(table, region, items),
    };
  }
}
