// routing: bgp: every router's AS number, given or defaulted (defaults.ts), and the one eBGP session
// per tunnel between a hub router (hub.router, and hub.pair.router with hub.pair) and a hub-attached
// site's (src/model/tunnels.ts). With routing: static no rule here runs: an asn is simply not used.
import { ASN_LAST, AZURE_ASNS, isPrivateAsn, reservedAsn, USABLE_ASNS } from "../../platform/asn.js";
import { asnDefaulted } from "../defaults.js";
import { problemList, type AddProblem, type Problem } from "../problems.js";
import type { VnetRef } from "../refs.js";

interface RouterAsn {
  /** e.g. "sites[0].router.asn" */
  readonly key: string;
  readonly asn: number;
  /** No asn in the config: the default stands in. */
  readonly defaulted: boolean;
  /** A site router with a tunnel (and so a session) to the hub router. */
  readonly toHub: boolean;
}

const routerAsn = (ref: VnetRef): RouterAsn | undefined => {
  const r = ref.cfg.router;
  if (r?.asn === undefined) return undefined;
  return { key: `${ref.key}.router.asn`, asn: r.asn, defaulted: asnDefaulted(r), toHub: ref.role === "site" && ref.cfg.attach === "hub" };
};

/** A hub router as one end of the sessions with the site routers: hub.router, hub.pair.router, or both when they share an ASN. */
interface HubSide extends RouterAsn {
  /** The sessions a clash makes iBGP, in words. */
  readonly sessions: string;
}

/** hub.router, and hub.pair.router (its ASN defaults to hub.router's): one side when the ASNs are one, so a clash is told once. */
function hubSides(hub: RouterAsn, pair: RouterAsn | undefined): HubSide[] {
  if (!pair) return [{ ...hub, sessions: "the session over its tunnel" }];
  if (pair.asn === hub.asn) {
    const why = pair.defaulted ? "hub.pair.router.asn is unset, so it is hub.router's" : "hub.pair.router.asn is the same";
    return [{ ...hub, sessions: `the sessions over its tunnels to both hub routers (${why})` }];
  }
  return [
    { ...hub, sessions: "the session over its tunnel to hub.router" },
    { ...pair, sessions: "the session over its tunnel to hub.pair.router" },
  ];
}

/** refs: the VNets that parsed, their routers' ASNs defaulted where the config names none (hub.pair.router's: hub.router's). */
export function checkBgp(refs: readonly VnetRef[]): Problem[] {
  const { problems, add } = problemList();
  const hubRef = refs.find((r) => r.role === "hub");
  const hub = hubRef && routerAsn(hubRef);
  const pairRouter = hubRef?.cfg.pair?.router;
  const pair: RouterAsn | undefined =
    pairRouter?.asn !== undefined
      ? { key: "hub.pair.router.asn", asn: pairRouter.asn, defaulted: asnDefaulted(pairRouter), toHub: false }
      : undefined;
  const sites = refs.filter((r) => r.role === "site").flatMap((ref) => routerAsn(ref) ?? []);
  // A defaulted pair ASN is hub.router's, judged at hub.router.asn.
  const judged = [...(hub ? [hub] : []), ...(pair && !pair.defaulted ? [pair] : []), ...sites];
  for (const r of judged) checkAsn(r, add);
  if (!hub) return problems;
  // A site attached to a spoke has no tunnel, so no session: its asn meets no other.
  const peers = sites.filter((s) => s.toHub);
  const used = new Set([hub.asn, ...(pair ? [pair.asn] : []), ...peers.map((s) => s.asn)]);
  // Every session, site router to each hub router, is eBGP (src/model/tunnels.ts).
  for (const site of peers) {
    for (const side of hubSides(hub, pair)) {
      if (site.asn !== side.asn) continue;
      const ibgp = `${side.sessions} would be iBGP, not the eBGP the lab is built for`;
      const other = `another private ASN, e.g. ${freeAsn(used)}`;
      if (site.defaulted)
        add(
          site.key,
          `${side.key} ${side.asn} is also this router's default ASN (65001 + its place among the hub-attached sites; ${site.key} is unset): ${ibgp}; set ${site.key} to ${other}, or change ${side.key}`,
        );
      // Only hub.router's can be a default here: a defaulted pair ASN is hub.router's, one side with it.
      else if (side.defaulted)
        add(
          site.key,
          `${site.asn} is also the hub router's default ASN (hub.router.asn is unset): ${ibgp}; set ${site.key} to ${other}, or set hub.router.asn`,
        );
      else add(site.key, `${site.asn} is also ${side.key}: ${ibgp}; set ${site.key} (or ${side.key}) to ${other}`);
    }
  }
  return problems;
}

function checkAsn(r: RouterAsn, add: AddProblem): void {
  const asn = `${r.asn}${r.defaulted ? " (the default, as it is unset)" : ""}`;
  if (r.asn < 0 || r.asn > ASN_LAST) {
    add(r.key, `${asn} is not an AS number (a router's is 1..4294967294): use a private one, ${USABLE_ASNS}`);
    return;
  }
  const reserved = reservedAsn(r.asn);
  if (reserved) {
    add(r.key, `${asn} ${reserved.why}; use a private ASN instead: ${USABLE_ASNS}`);
    return;
  }
  if (!isPrivateAsn(r.asn))
    add(
      r.key,
      `${asn} is a public AS number, but the lab's BGP sessions never leave it: use a private one (RFC 6996: 64512..65534 or 4200000000..4294967294, less Azure's 65515..65520)`,
    );
}

/** A private ASN no router of the lab has, outside Azure's: the first from 65001 up, else from 64512 up, else a 32-bit one. */
function freeAsn(used: ReadonlySet<number>): number {
  const free = (n: number) => !used.has(n) && (n < AZURE_ASNS[0] || n > AZURE_ASNS[1]);
  for (let n = 65_001; n <= 65_534; n++) if (free(n)) return n;
  for (let n = 64_512; n <= 65_000; n++) if (free(n)) return n;
  for (let n = 4_200_000_000; ; n++) if (!used.has(n)) return n;
}
