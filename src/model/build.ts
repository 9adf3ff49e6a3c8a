// Config -> validated lab model. The one entry point every consumer (Pulumi, emulation, tests) uses.
import type { LabConfig } from "../config/schema.js";
import { LabConfigError, type Problem } from "../config/problems.js";
import { validateLab } from "../config/validate.js";
import { bastionVnets } from "../config/bastion.js";
import { isEncrypted, vnetRefs } from "../config/refs.js";
import { hubOf } from "./lookup.js";
import { buildCircuitDomains, buildPeerings } from "./peerings.js";
import { buildVnets } from "./vnets.js";
import { buildRouters, buildTunnels } from "./tunnels.js";
import { buildLoadBalancer } from "./load-balancer.js";
import { buildRouteTables } from "./route-tables.js";
import { buildNsgs } from "./security.js";
import type { Lab } from "./types.js";

/** On failure, config is the parsed config when only the rules failed (callers add their own checks to it). */
export type BuildResult = { ok: true; lab: Lab } | { ok: false; problems: Problem[]; config?: LabConfig };

/** Validates raw config (undefined = the seed lab) and builds the model, or lists every problem. */
export function tryBuildLab(raw: unknown): BuildResult {
  const v = validateLab(raw);
  return v.ok ? { ok: true, lab: assemble(v.config) } : v;
}

export function buildLab(raw: unknown): Lab {
  const r = tryBuildLab(raw);
  if (!r.ok) throw new LabConfigError(r.problems);
  return r.lab;
}

function assemble(config: LabConfig): Lab {
  // The one place the port leaves the config: the NSG builder gets it here, every consumer reads lab.vxlanPort.
  const vxlanPort = config.vxlan.port;
  const vnets = buildVnets(config);
  const tunnels = buildTunnels(config, vnets);
  const routers = buildRouters(config, vnets, tunnels);
  const loadBalancer = buildLoadBalancer(config, vnets, routers);
  return {
    config,
    vnets,
    hub: hubOf(vnets)!,
    spokes: vnets.filter((v) => v.role === "spoke"),
    sites: vnets.filter((v) => v.role === "site"),
    vms: vnets.flatMap((v) => v.vms),
    tunnels,
    routers,
    routeTables: buildRouteTables(vnets, "deployed", loadBalancer?.frontend),
    onpremRouteTables: buildRouteTables(vnets, "onprem", loadBalancer?.frontend),
    nsgs: buildNsgs(config, vnets, tunnels, vxlanPort, loadBalancer),
    peerings: buildPeerings(config),
    circuitDomains: buildCircuitDomains(config),
    features: config.features,
    routing: config.routing,
    encrypted: isEncrypted(config.features),
    bastionVnets: bastionVnets(vnetRefs(config), config.access.bastion).map((r) => r.cfg.name),
    vxlanPort,
    ...(loadBalancer ? { loadBalancer } : {}),
  };
}
