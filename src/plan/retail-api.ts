// Azure's public Retail Prices API: one OData $filter query per billed item, pages followed through
// NextPageLink, and the one pay-as-you-go meter picked out of the answer.
// Learn, "Azure Retail Prices overview": https://learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices
// ("https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'Virtual Machines'"; filterable fields
// armRegionName, meterName, serviceName, priceType, armSkuName, ...; response Items[] with retailPrice,
// unitPrice, unitOfMeasure, type Consumption | Reservation | DevTestConsumption; "At the end of the API
// response, it has the link to next page": NextPageLink).
export const RETAIL_API = "https://prices.azure.com/api/retail/prices";
export const HOURS_PER_MONTH = 730;

export interface RetailItem {
  readonly currencyCode: string;
  readonly retailPrice: number;
  readonly unitPrice: number;
  readonly unitOfMeasure: string;
  readonly armRegionName: string;
  readonly armSkuName?: string;
  readonly meterName: string;
  readonly productName: string;
  readonly skuName?: string;
  readonly serviceName: string;
  readonly type: string;
  readonly tierMinimumUnits?: number;
  readonly reservationTerm?: string;
  readonly isPrimaryMeterRegion?: boolean;
  readonly effectiveStartDate?: string;
}

export interface RetailPage {
  readonly Items: readonly RetailItem[];
  readonly NextPageLink?: string | null;
}

/** What bills per hour, keyed e.g. "gateway:ErGw1AZ", "vm:Standard_B2ls_v2", "disk:E4", "bastion:Basic", "pip:standard-static-ipv4", "lb:Standard". */
export type Billable =
  | { readonly kind: "gateway"; readonly sku: string }
  | { readonly kind: "vm"; readonly size: string }
  | { readonly kind: "disk"; readonly tier: string }
  | { readonly kind: "bastion"; readonly sku: string }
  | { readonly kind: "pip" }
  | { readonly kind: "lb" };

/** The Standard Load Balancer's hourly meter (its first 5 load-balancing and outbound rules included; the lab has 1). */
export const LB_METER = "Standard Included LB Rules and Outbound Rules";

/**
 * Where an item's meter is published: the lab's region, except the load balancer's hourly meter,
 * which the API lists under armRegionName 'Global' only. Not Microsoft documentation: saved API
 * answers and price tools in public repositories (one: "doesn't appear if you filter by a specific
 * region ... filter armRegionName eq 'Global'"); a live answer settles it.
 */
export const priceRegion = (b: Billable, region: string): string => (b.kind === "lb" ? "Global" : region);

export function billableKey(b: Billable): string {
  switch (b.kind) {
    case "gateway":
      return `gateway:${b.sku}`;
    case "vm":
      return `vm:${b.size}`;
    case "disk":
      return `disk:${b.tier}`;
    case "bastion":
      return `bastion:${b.sku}`;
    case "pip":
      return "pip:standard-static-ipv4";
    case "lb":
      return "lb:Standard";
  }
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The $filter for one billable item in one region (always pay-as-you-go: priceType eq 'Consumption'). */
export function filterFor(b: Billable, region: string): string {
  const base = `armRegionName eq ${q(priceRegion(b, region))} and priceType eq 'Consumption'`;
  switch (b.kind) {
    case "gateway":
      return `serviceName eq 'ExpressRoute' and ${base}`;
    case "vm":
      return `serviceName eq 'Virtual Machines' and armSkuName eq ${q(b.size)} and ${base}`;
    case "disk":
      return `serviceName eq 'Storage' and meterName eq ${q(`${b.tier} LRS Disk`)} and ${base}`;
    case "bastion":
      return `serviceName eq 'Azure Bastion' and ${base}`;
    case "pip":
      return `serviceName eq 'Virtual Network' and meterName eq 'Standard IPv4 Static Public IP' and ${base}`;
    case "lb":
      return `serviceName eq 'Load Balancer' and meterName eq ${q(LB_METER)} and ${base}`;
  }
}

export const urlFor = (b: Billable, region: string): string => `${RETAIL_API}?$filter=${encodeURIComponent(filterFor(b, region))}`;

const hourly = (i: RetailItem) => i.unitOfMeasure === "1 Hour";
const payAsYouGo = (i: RetailItem) => i.type === "Consumption" && !i.reservationTerm && (i.tierMinimumUnits ?? 0) === 0;
// Spot and low-priority meters are separate meters of the same SKU; Windows is a separate product.
const linuxOnDemand = (i: RetailItem) => !/\bWindows\b/.test(i.productName) && !/\b(Spot|Low Priority)\b/.test(i.meterName);

/** The matching meters for one item (may be several copies of one price); the service is checked too, not only the query. */
export function matching(b: Billable, region: string, items: readonly RetailItem[]): RetailItem[] {
  const inRegion = items.filter((i) => i.armRegionName === priceRegion(b, region) && payAsYouGo(i) && i.currencyCode === "USD");
  switch (b.kind) {
    case "gateway":
      // Meter names "ErGw1AZ Gateway" ... ; ErGwScale bills per scale unit ("ErGwScale Unit").
      return inRegion.filter(
        (i) => i.serviceName === "ExpressRoute" && hourly(i) && (i.meterName === `${b.sku} Gateway` || i.meterName === `${b.sku} Unit`),
      );
    case "vm":
      return inRegion.filter((i) => i.serviceName === "Virtual Machines" && hourly(i) && i.armSkuName === b.size && linuxOnDemand(i));
    case "disk":
      // Learn names the meter "E4 LRS Disk" under "Standard SSD managed disks"
      // (https://learn.microsoft.com/azure/virtual-machines/disks-understand-billing); priced per month.
      return inRegion.filter(
        (i) =>
          i.serviceName === "Storage" &&
          i.meterName === `${b.tier} LRS Disk` &&
          /Standard SSD/i.test(i.productName) &&
          i.unitOfMeasure === "1/Month",
      );
    case "bastion":
      return inRegion.filter((i) => i.serviceName === "Azure Bastion" && hourly(i) && i.skuName === b.sku && !/data/i.test(i.meterName));
    case "pip":
      return inRegion.filter((i) => i.serviceName === "Virtual Network" && hourly(i) && i.meterName === "Standard IPv4 Static Public IP");
    case "lb":
      // Not "Standard Data Processed" (per GB) nor the overage meter (rules beyond 5).
      return inRegion.filter((i) => i.serviceName === "Load Balancer" && hourly(i) && i.skuName === "Standard" && i.meterName === LB_METER);
  }
}

export interface Picked {
  /** USD per hour (monthly meters divided by HOURS_PER_MONTH). */
  readonly hourly: number;
  readonly meterName: string;
  readonly productName: string;
  readonly unitPrice: number;
  readonly unitOfMeasure: string;
}

/** One price for the item, or undefined when the answer has none or disagrees with itself. */
export function pick(b: Billable, region: string, items: readonly RetailItem[]): Picked | undefined {
  const m = matching(b, region, items);
  const primary = m.some((i) => i.isPrimaryMeterRegion) ? m.filter((i) => i.isPrimaryMeterRegion) : m;
  const latest = [...primary].sort((x, y) => Date.parse(y.effectiveStartDate ?? "0") - Date.parse(x.effectiveStartDate ?? "0"));
  const top = latest[0];
  if (!top) return undefined;
  const same = latest.filter((i) => i.effectiveStartDate === top.effectiveStartDate);
  if (new Set(same.map((i) => i.retailPrice)).size > 1) return undefined;
  const perHour = top.unitOfMeasure === "1/Month" ? top.retailPrice / HOURS_PER_MONTH : top.retailPrice;
  return {
    hourly: perHour,
    meterName: top.meterName,
    productName: top.productName,
    unitPrice: top.retailPrice,
    unitOfMeasure: top.unitOfMeasure,
  };
}

export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export const TIMEOUT_MS = 3_000;
const MAX_PAGES = 20;

/** Every item of a query, following NextPageLink; throws on a network error, a timeout or a non-2xx answer. */
export async function fetchAll(url: string, fetcher: Fetcher, timeoutMs = TIMEOUT_MS): Promise<RetailItem[]> {
  const items: RetailItem[] = [];
  let next: string | null | undefined = url;
  for (let page = 0; next; page++) {
    if (page === MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages for ${url}`);
    const res = await fetcher(next, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${next}`);
    const body = (await res.json()) as RetailPage;
    if (!Array.isArray(body?.Items)) throw new Error(`no Items[] in the answer from ${next}`);
    items.push(...body.Items);
    next = body.NextPageLink;
  }
  return items;
}
