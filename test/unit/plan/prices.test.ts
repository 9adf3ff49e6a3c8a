// lab plan's prices: the meter picked per item from an answer shaped like the Retail Prices API's
// (test/fixtures/retail-prices, made-up prices), NextPageLink paging, a fast failure, the cache, and
// the dated table when the API cannot be reached.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { fetchAll, filterFor, pick, type Billable, type Fetcher, type RetailItem } from "../../../src/plan/retail-api.js";
import { readTable, resolvePrices } from "../../../src/plan/price-source.js";
import { buildPlan, renderPlan } from "../../../src/plan/plan.js";

const PAGES = join(FIXTURES, "retail-prices");
const page = (n: number) => JSON.parse(readFileSync(join(PAGES, `page${n}.json`), "utf8"));
const ITEMS: RetailItem[] = [...page(1).Items, ...page(2).Items];

/** Serves page1, then page2 for its NextPageLink; counts the requests. */
function fixtureFetcher() {
  const urls: string[] = [];
  const fetcher: Fetcher = async (url) => {
    urls.push(url);
    return { ok: true, status: 200, json: async () => page(url.includes("$skip=100") ? 2 : 1) };
  };
  return { fetcher, urls };
}
const unreachable: Fetcher = async () => {
  throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
};
const tmp = () => mkdtempSync(join(tmpdir(), "hsv-plan-"));

describe("picking the meter", () => {
  const R = "japaneast";
  it("gateway SKU, Linux pay-as-you-go VM, Standard SSD disk per month, Bastion SKU, static public IP", () => {
    expect(pick({ kind: "gateway", sku: "ErGw1AZ" }, R, ITEMS)?.hourly).toBe(1.25);
    expect(pick({ kind: "gateway", sku: "ErGw3AZ" }, R, ITEMS)?.hourly).toBe(3.75);
    // Not the Windows product, not Spot or Low Priority, not the reservation, not DevTest.
    expect(pick({ kind: "vm", size: "Standard_B2ls_v2" }, R, ITEMS)?.hourly).toBe(0.1);
    // 7.30 per month over 730 h; not the operations meter, not the Premium disk.
    expect(pick({ kind: "disk", tier: "E4" }, R, ITEMS)?.hourly).toBeCloseTo(0.01, 10);
    expect(pick({ kind: "bastion", sku: "Basic" }, R, ITEMS)?.hourly).toBe(0.3);
    expect(pick({ kind: "bastion", sku: "Standard" }, R, ITEMS)?.hourly).toBe(0.4);
    expect(pick({ kind: "pip" }, R, ITEMS)?.hourly).toBe(0.006);
    // The load balancer's hourly meter is published under 'Global' whatever the lab's region; not the
    // per-GB "Standard Data Processed" nor the overage meter (made-up prices 0.03, 0.007, 0.011).
    expect(pick({ kind: "lb" }, R, ITEMS)).toMatchObject({ hourly: 0.03, meterName: "Standard Included LB Rules and Outbound Rules" });
    expect(pick({ kind: "lb" }, "eastus", ITEMS)?.hourly).toBe(0.03);
    expect(
      pick(
        { kind: "lb" },
        R,
        ITEMS.filter((i) => i.armRegionName !== "Global"),
      ),
    ).toBeUndefined();
  });
  it("nothing for a SKU, size or region the answer does not have, or a self-contradicting answer", () => {
    expect(pick({ kind: "gateway", sku: "ErGw2AZ" }, R, ITEMS)).toBeUndefined();
    expect(pick({ kind: "vm", size: "Standard_D2as_v5" }, R, ITEMS)).toBeUndefined();
    expect(pick({ kind: "gateway", sku: "ErGw1AZ" }, "eastus", ITEMS)).toBeUndefined();
    const twice = [...ITEMS, { ...ITEMS[0]!, retailPrice: 2 }];
    expect(pick({ kind: "gateway", sku: "ErGw1AZ" }, R, twice)).toBeUndefined();
    // Only reservations / DevTest / spot / low priority / Windows: no pay-as-you-go Linux price.
    const noPayg = ITEMS.filter(
      (i) => i.armSkuName === "Standard_B2ls_v2" && (i.type !== "Consumption" || /Windows|Spot|Low/.test(i.productName + i.meterName)),
    );
    expect(noPayg.length).toBe(5);
    expect(pick({ kind: "vm", size: "Standard_B2ls_v2" }, R, noPayg)).toBeUndefined();
  });
  it("filters are the documented OData form, pay-as-you-go, quoted", () => {
    expect(filterFor({ kind: "vm", size: "Standard_B2ls_v2" }, "japaneast")).toBe(
      "serviceName eq 'Virtual Machines' and armSkuName eq 'Standard_B2ls_v2' and armRegionName eq 'japaneast' and priceType eq 'Consumption'",
    );
    expect(filterFor({ kind: "vm", size: "it's" }, "x")).toContain("'it''s'");
    expect(filterFor({ kind: "lb" }, "japaneast")).toBe(
      "serviceName eq 'Load Balancer' and meterName eq 'Standard Included LB Rules and Outbound Rules' and armRegionName eq 'Global' and priceType eq 'Consumption'",
    );
  });
});

describe("fetching", () => {
  it("follows NextPageLink until it is null", async () => {
    const f = fixtureFetcher();
    const items = await fetchAll("https://prices.azure.com/api/retail/prices?$filter=test", f.fetcher);
    expect(f.urls).toHaveLength(2);
    expect(f.urls[1]).toContain("$skip=100");
    expect(items).toHaveLength(ITEMS.length);
  });
  it("gives up within the timeout on an API that never answers, and on a non-2xx answer", async () => {
    const hang: Fetcher = (_url, { signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "TimeoutError" }))),
      );
    const t0 = Date.now();
    await expect(fetchAll("https://prices.azure.com/api/retail/prices", hang, 100)).rejects.toThrow();
    expect(Date.now() - t0).toBeLessThan(1000);
    const dir = tmp();
    const r = await resolvePrices("japaneast", [{ kind: "pip" }], { fetcher: hang, timeoutMs: 100, cacheDir: dir });
    expect(r.statement).toContain("no answer within 0.1 s");
    const bad: Fetcher = async () => ({ ok: false, status: 503, json: async () => ({}) });
    await expect(fetchAll("https://x", bad)).rejects.toThrow(/HTTP 503/);
  });
});

describe("where prices come from", () => {
  const items: Billable[] = [
    { kind: "gateway", sku: "ErGw1AZ" },
    { kind: "vm", size: "Standard_B2ls_v2" },
    { kind: "disk", tier: "E4" },
  ];
  it("the API answer, cached with its fetch date; the cache then serves without asking", async () => {
    const dir = tmp();
    const f = fixtureFetcher();
    const now = new Date("2026-12-01T10:00:00Z");
    const a = await resolvePrices("japaneast", items, { fetcher: f.fetcher, cacheDir: dir, now });
    expect(a.origin).toBe("api");
    expect(a.prices["gateway:ErGw1AZ"]!.hourly).toBe(1.25);
    const cache = JSON.parse(readFileSync(join(dir, "prices-japaneast.json"), "utf8"));
    expect(cache.fetched).toBe("2026-12-01T10:00:00.000Z");
    const again = fixtureFetcher();
    const b = await resolvePrices("japaneast", items, { fetcher: again.fetcher, cacheDir: dir, now: new Date("2026-12-01T12:00:00Z") });
    expect(again.urls).toEqual([]);
    expect(b.origin).toBe("cache");
    expect(b.statement).toContain("fetched 2026-12-01T10:00:00.000Z");
    // An old cache is used only when the API is down, and says so.
    const c = await resolvePrices("japaneast", items, { fetcher: unreachable, cacheDir: dir, now: new Date("2026-12-09T00:00:00Z") });
    expect(c.origin).toBe("cache");
    expect(c.statement).toMatch(/not reachable now \(fetch failed: ENOTFOUND\)/);
  });
  it("without API or cache: the shipped table, with its date and source; unknown rows stay unknown", async () => {
    const r = await resolvePrices("japaneast", items, { fetcher: unreachable, cacheDir: tmp() });
    expect(r.origin).toBe("table");
    expect(r.statement).toBe(
      "prices from the table of 2026-12-02, source src/plan/prices.json (each row names its own source and date); the API was not reachable (fetch failed: ENOTFOUND)",
    );
    expect(r.prices["gateway:ErGw1AZ"]).toMatchObject({
      hourly: null,
      source: "https://azure.microsoft.com/pricing/details/expressroute/",
    });
    const east = await resolvePrices("eastus", [{ kind: "disk", tier: "E4" }, { kind: "pip" }], { fetcher: unreachable, cacheDir: tmp() });
    expect(east.prices["disk:E4"]!.hourly).toBeCloseTo(2.4 / 730, 10);
    expect(east.prices["pip:standard-static-ipv4"]).toMatchObject({ hourly: 0.005, sourceDate: "2026-10-16" });
  });
  it("the load balancer's row is the table's 'Global' one, in any region; a lab without a pair has no load balancer line", async () => {
    for (const region of ["japaneast", "eastus"]) {
      const r = await resolvePrices(region, [{ kind: "lb" }], { fetcher: unreachable, cacheDir: tmp() });
      expect(r.prices["lb:Standard"], region).toMatchObject({ hourly: 0.025, source: "https://c3x.dev/resources/azure/azurerm_lb" });
    }
    const pair = await buildPlan(labOf(join(FIXTURES, "Pulumi.pair.yaml")), "pair", "japaneast", { fetcher: unreachable, cacheDir: tmp() });
    expect(pair.billing.lines.filter((l) => l.key === "lb:Standard").map((l) => [l.quantity, l.hourly])).toEqual([[1, 0.025]]);
    expect(pair.billing.notBilledHourly).toEqual(expect.arrayContaining([expect.stringMatching(/load balancer's data processed: per GB/)]));
    expect(pair.billing.notBilledHourly).toEqual(expect.arrayContaining([expect.stringMatching(/NAT gateway .*not priced here/)]));
    const dev = await buildPlan(labOf("dev"), "dev", "japaneast", { fetcher: unreachable, cacheDir: tmp() });
    expect(dev.billing.lines.map((l) => l.key)).not.toContain("lb:Standard");
    expect(dev.billing.notBilledHourly.join("\n")).not.toContain("load balancer");
  });
  it("every table row carries a source URL and a date; every price is a number or null", () => {
    const t = readTable();
    expect(t.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const r of t.rows) {
      expect(r.source, r.key).toMatch(/^https:\/\//);
      expect(r.sourceDate, r.key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.price === null || (typeof r.price === "number" && r.price > 0), r.key).toBe(true);
    }
  });
  it("the printed plan on the fallback names the table's date, each row's source, and an incomplete total", async () => {
    const plan = await buildPlan(labOf("dev"), "dev", "japaneast", { fetcher: unreachable, cacheDir: tmp() });
    const text = renderPlan(plan);
    expect(text).toContain("prices from the table of 2026-12-02, source src/plan/prices.json");
    expect(text).toContain("the API was not reachable");
    expect(text).toContain("source: https://azure.microsoft.com/pricing/details/expressroute/ (2026-12-02)");
    expect(text).toMatch(/total: incomplete: .*unknown: gateway:ErGw1AZ, vm:Standard_B2ls_v2, disk:E4/);
    expect(plan.billing.complete).toBe(false);
    // With an API answer for all three, the total is complete: 3 gateways, 4 VMs, 4 disks.
    const full = await buildPlan(labOf("dev"), "dev", "japaneast", { fetcher: fixtureFetcher().fetcher, cacheDir: tmp() });
    expect(full.billing.complete).toBe(true);
    expect(full.billing.hourly).toBeCloseTo(3 * 1.25 + 4 * 0.1 + 4 * 0.01, 10);
    expect(renderPlan(full)).toMatch(/total: \$4\.1900\/h/);
  });
});
