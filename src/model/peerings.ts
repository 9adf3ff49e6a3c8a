// What joins VNets: peerings and the ExpressRoute circuits shared by gateways.
import { attachVnet } from "../config/refs.js";
import { peeringName } from "../config/resource-names.js";
import type { LabConfig } from "../config/schema.js";
import type { CircuitDomainModel, PeeringModel } from "./types.js";

/** Hub <-> spoke and hub <-> peering-site, both directions: the lab's premise is no gateway transit. */
export function buildPeerings(cfg: LabConfig): PeeringModel[] {
  const others = [...cfg.spokes.map((s) => s.name), ...cfg.sites.filter((s) => s.kind === "peering").map((s) => s.name)];
  return others.flatMap((o) =>
    [
      [cfg.hub.name, o],
      [o, cfg.hub.name],
    ].map(([from, to]) => ({
      name: peeringName(from!, to!),
      from: from!,
      to: to!,
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    })),
  );
}

/** One circuit per hub or spoke gateway, shared by the sites attached over ExpressRoute. */
export function buildCircuitDomains(cfg: LabConfig): CircuitDomainModel[] {
  return [cfg.hub.name, ...cfg.spokes.map((s) => s.name)].flatMap((anchor) => {
    const sites = cfg.sites.filter((s) => s.kind !== "peering" && attachVnet(cfg.hub.name, s.attach) === anchor).map((s) => s.name);
    return sites.length ? [{ name: `er-${anchor}`, members: [anchor, ...sites] }] : [];
  });
}
