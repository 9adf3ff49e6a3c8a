// `lab plan`: before `pulumi up`, what will be created, how long the longest chain takes, and what
// bills by the hour. Built from the model only; prices from price-source.ts.
import type { Lab, LoadBalancerModel } from "../model/types.js";
import { BFD } from "../model/bgp.js";
import { chainText, criticalPath, DURATIONS, type CriticalPath } from "./critical-path.js";
import { resolvePrices, type PriceOptions, type PriceSet } from "./price-source.js";
import { countsByType, plannedResources, TYPES } from "./resources.js";
import { billableKey, HOURS_PER_MONTH, type Billable } from "./retail-api.js";

/** The OS disk: vms.ts sets no diskSizeGB, so the image's default size applies; billed as the next tier up. */
export const OS_DISK = {
  storageAccountType: "StandardSSD_LRS",
  imageSizeGiB: 30,
  tier: "E4",
  tierGiB: 32,
  why:
    "StandardSSD_LRS, the image's default size (no diskSizeGB in src/azure/vms.ts; 30 GiB for Ubuntu 24.04 server is an assumption, not verified here), " +
    'billed as E4 (32 GiB): a disk "is billed as the next largest provisioned disk size" (https://learn.microsoft.com/azure/virtual-machines/disks-understand-billing)',
} as const;

export interface BillLine {
  readonly key: string;
  readonly what: string;
  readonly quantity: number;
  /** USD per hour for one, or null when unknown. */
  readonly unitHourly: number | null;
  readonly hourly: number | null;
  readonly source: string;
  readonly sourceDate?: string;
  readonly note?: string;
}

/** routing: bgp only: what the option changes, in a few words (the rest is in docs/routing.md). */
export interface RoutingChange {
  readonly routing: "bgp";
  /** One eBGP session per tunnel. */
  readonly sessions: number;
  /** The RandomPasswords it adds, one per tunnel; no Azure resource is added. */
  readonly passwords: number;
  readonly text: readonly string[];
}

export interface Plan {
  readonly stack: string;
  readonly region: string;
  readonly counts: Record<string, number>;
  readonly total: number;
  /** Absent with routing: static (the plan is the seed's). */
  readonly routing?: RoutingChange;
  readonly criticalPath: CriticalPath & {
    readonly text: string;
    readonly assumptions: readonly string[];
    readonly sources: readonly string[];
  };
  readonly billing: {
    readonly statement: string;
    readonly origin: PriceSet["origin"];
    readonly lines: readonly BillLine[];
    /** Sum of the known lines, USD per hour. */
    readonly hourly: number;
    readonly complete: boolean;
    readonly notBilledHourly: readonly string[];
  };
}

interface Need {
  readonly billable: Billable;
  readonly what: string;
  readonly quantity: number;
  readonly note?: string;
}

/** What bills per hour, from the model: gateways per SKU, VMs per size, their OS disks, the load balancer, Bastion hosts and their public IPs. */
export function billables(lab: Lab): Need[] {
  const needs: Need[] = [];
  const gateways = lab.vnets.filter((v) => v.deployed && v.gateway).map((v) => v.gateway!);
  for (const sku of [...new Set(gateways.map((g) => g.sku))]) {
    const of = gateways.filter((g) => g.sku === sku);
    const units = of.reduce((s, g) => s + (g.scaleUnits?.min ?? 1), 0);
    const scalable = of.some((g) => g.scaleUnits);
    needs.push({
      billable: { kind: "gateway", sku },
      what: `ExpressRoute gateway ${sku}${scalable ? " (scale units, at least the minimum)" : ""}`,
      quantity: units,
      ...(scalable ? { note: "ErGwScale bills per scale unit; counted at each gateway's minimum" } : {}),
    });
  }
  const vms = lab.vms.filter((v) => v.deployed);
  if (vms.length) {
    needs.push({ billable: { kind: "vm", size: lab.config.vmSize }, what: `VM ${lab.config.vmSize} (Linux)`, quantity: vms.length });
    needs.push({
      billable: { kind: "disk", tier: OS_DISK.tier },
      what: `OS disk ${OS_DISK.storageAccountType} ${OS_DISK.tier} (${OS_DISK.tierGiB} GiB)`,
      quantity: vms.length,
      note: OS_DISK.why,
    });
  }
  // hub.pair: the Standard Load Balancer's hourly meter covers its first 5 rules (facts in docs/high-availability.md#pricing).
  if (lab.loadBalancer)
    needs.push({
      billable: { kind: "lb" },
      what: "internal load balancer, Standard (1 HA-ports rule, within the 5 the hourly meter includes)",
      quantity: 1,
    });
  if (lab.loadBalancer)
    needs.push({ billable: { kind: "pip" }, what: "public IP, Standard static IPv4 (the routers' NAT gateway)", quantity: 1 });
  const sku = lab.config.access.bastion;
  if (sku !== false) {
    const hosts = lab.bastionVnets.length;
    if (hosts) {
      needs.push({ billable: { kind: "bastion", sku }, what: `Bastion ${sku}`, quantity: hosts });
      needs.push({ billable: { kind: "pip" }, what: "public IP, Standard static IPv4 (one per Bastion)", quantity: hosts });
    }
  }
  return needs;
}

/** routing: bgp: what it adds to the plan and to the lab; undefined with static. */
export function routingChange(lab: Lab, counts: Readonly<Record<string, number>>): RoutingChange | undefined {
  if (lab.routing !== "bgp") return undefined;
  const sessions = lab.tunnels.length;
  const passwords = counts[TYPES.password] ?? 0;
  return {
    routing: "bgp",
    sessions,
    passwords,
    text: [
      `routing: bgp: the routers run bgpd and bfdd, one eBGP session per tunnel (${sessions}); a dead tunnel's prefixes are withdrawn ` +
        `within about a second (BFD ${BFD.interval} ms x ${BFD.multiplier}) instead of black-holed`,
      `  adds ${passwords} RandomPassword (one per tunnel: its session's MD5 password, a Pulumi secret) and no Azure resource: ` +
        "cost unchanged; UDRs unchanged (Azure's own routing does not learn from these routers)",
      ...(lab.loadBalancer ? [pairLine(lab, lab.loadBalancer)] : []),
    ],
  };
}

/** hub.pair: what it adds on top of routing: bgp, in one line (model/load-balancer.ts decides it). */
function pairLine(lab: Lab, lb: LoadBalancerModel): string {
  const [first, second] = lb.backends;
  const sites = lab.tunnels.filter((t) => t.hubEnd.vm === second).length;
  const prefer =
    lb.prefer === "first"
      ? `the site routers prefer ${first} (${second} prepends its AS twice)`
      : "the site routers use both routers (ECMP)";
  return (
    `  hub.pair adds a second hub router ${second} with a second tunnel and eBGP session from each hub-attached site (${sites}), ` +
    `and an internal Standard Load Balancer ${lb.name} in front of both: static frontend ${lb.frontend}, one HA ports rule, ` +
    `an HTTP health probe on :${lb.probe.port}${lb.probe.path} every ${lb.probe.intervalSeconds} s that a router answers only while it has its BGP routes; ` +
    `the spokes' UDRs point at the frontend; ${prefer}; the load balancer and the second VM are billed`
  );
}

const NOT_HOURLY = [
  "VNets, subnets, route tables, NSGs, NICs: no charge of their own",
  "VNet peering: per GB transferred, not per hour",
  "ExpressRoute circuits: not created by this stack (provided by you and your provider)",
  "ExpressRoute gateway connections: no hourly meter priced here",
  "the public IP Azure assigns each ER gateway itself: not declared here, not priced",
  "auto-shutdown (if configured) lowers VM hours; the totals assume 24 h a day",
];
/** hub.pair only: the load balancer's other meter. */
const LB_NOT_HOURLY = [
  "the load balancer's data processed: per GB (meter Standard Data Processed), not per hour",
  "the routers' NAT gateway (hub.pair: their way out, since pool members lose default outbound access): hourly and per GB, not priced here",
];

export async function buildPlan(lab: Lab, stack: string, region: string, o: PriceOptions = {}): Promise<Plan> {
  const resources = plannedResources(lab);
  const path = criticalPath(resources);
  const types = [...new Set(path.chain.map((l) => l.type))];
  const needs = billables(lab);
  const set = await resolvePrices(
    region,
    needs.map((n) => n.billable),
    o,
  );
  const lines: BillLine[] = needs.map((n) => {
    const key = billableKey(n.billable);
    const p = set.prices[key]!;
    const notes = [n.note, p.note].filter((x): x is string => !!x);
    return {
      key,
      what: n.what,
      quantity: n.quantity,
      unitHourly: p.hourly,
      hourly: p.hourly === null ? null : p.hourly * n.quantity,
      source: p.source,
      ...(p.sourceDate ? { sourceDate: p.sourceDate } : {}),
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  });
  const counts = countsByType(resources);
  const routing = routingChange(lab, counts);
  return {
    stack,
    region,
    counts,
    total: resources.length,
    ...(routing ? { routing } : {}),
    criticalPath: {
      ...path,
      text: chainText(path),
      assumptions: types
        .map((t) => DURATIONS[t])
        .filter((d) => d.basis === "assumed" && d.minutes > 0)
        .map((d) => d.why),
      sources: types
        .map((t) => DURATIONS[t])
        .filter((d) => d.basis === "published")
        .map((d) => `${d.why} (${d.source})`),
    },
    billing: {
      statement: set.statement,
      origin: set.origin,
      lines,
      hourly: lines.reduce((s, l) => s + (l.hourly ?? 0), 0),
      complete: lines.every((l) => l.hourly !== null),
      notBilledHourly: lab.loadBalancer ? [...NOT_HOURLY, ...LB_NOT_HOURLY] : NOT_HOURLY,
    },
  };
}

const short = (type: string) =>
  type
    .split(":")
    .pop()!
    .replace(/^Resource$/, "CreationPin");
const usd = (x: number | null, digits = 4) => (x === null ? "unknown" : `$${x.toFixed(digits)}`);

export function renderPlan(p: Plan): string {
  const out: string[] = [];
  out.push(`plan for stack ${p.stack} (${p.region}): ${p.total} resources`);
  const width = Math.max(...Object.keys(p.counts).map((t) => short(t).length));
  for (const [t, n] of Object.entries(p.counts))
    out.push(`  ${short(t).padEnd(width)}  ${n}${t === TYPES.pin || t === TYPES.password ? "  (stack state only, nothing in Azure)" : ""}`);
  out.push("");
  if (p.routing) out.push(...p.routing.text, "");
  const cp = p.criticalPath;
  out.push(`critical path: ${cp.text}`);
  out.push(
    cp.publishedMinutes
      ? `  expected: up to ~${cp.minutes} min (${cp.publishedMinutes} min from Microsoft's published bound, ${cp.minutes - cp.publishedMinutes} min assumed)`
      : `  expected: ~${cp.minutes} min, no gateway (every figure assumed; none is published)`,
  );
  if (p.counts[TYPES.gw] && !p.counts[TYPES.cn])
    out.push("  no gateway has a circuitId: no connections are declared (each would follow its gateway, one circuit's in series)");
  for (const s of cp.sources) out.push(`  source: ${s}`);
  for (const a of cp.assumptions) out.push(`  assumed: ${a}`);
  out.push("");
  out.push(`billed per hour: ${p.billing.statement}`);
  for (const l of p.billing.lines) {
    out.push(`  ${String(l.quantity).padStart(2)} × ${l.what}: ${usd(l.unitHourly)}/h each = ${usd(l.hourly)}/h`);
    out.push(`       source: ${l.source}${l.sourceDate ? ` (${l.sourceDate})` : ""}${l.note ? `; ${l.note}` : ""}`);
  }
  const total = `$${p.billing.hourly.toFixed(4)}/h (~$${(p.billing.hourly * HOURS_PER_MONTH).toFixed(2)} per ${HOURS_PER_MONTH} h month)`;
  out.push(
    p.billing.complete
      ? `  total: ${total}`
      : `  total: incomplete: ${total} for the known lines; unknown: ${p.billing.lines
          .filter((l) => l.hourly === null)
          .map((l) => l.key)
          .join(", ")}`,
  );
  out.push("  not billed per hour here:");
  for (const n of p.billing.notBilledHourly) out.push(`    - ${n}`);
  return out.join("\n");
}
