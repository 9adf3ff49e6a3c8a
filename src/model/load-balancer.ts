// hub.pair: the internal Standard Load Balancer in front of the two hub routers (HA ports), decided
// here once: Azure (src/azure/load-balancer.ts), the health answer on the routers, the emulated
// fabric and the route walk all read this.
import { loadBalancerName, natGatewayName, natPublicIpName } from "../config/resource-names.js";
import type { LabConfig } from "../config/schema.js";
import type { LoadBalancerModel, RouterModel, VnetModel } from "./types.js";

/** The routers' health answer: HTTP on this port (no other service of the lab uses it; the NSG admits only Azure's prober to it). */
export const HEALTH_PORT = 8779;
export const HEALTH_PATH = "/healthz";
// Azure's probe cadence (cited in docs/high-availability.md): every PROBE_INTERVAL_SECONDS, marked
// down after PROBE_THRESHOLD failures in a row.
export const PROBE_INTERVAL_SECONDS = 5;
export const PROBE_THRESHOLD = 2;
// Both routers' health needs every site's routes, so one site down (or one circuit still being
// provisioned) fails both answers at once. Azure's default then sends "No new flows" and every spoke
// would lose every site; AllProbedUp: "When all backend instances are probed down, incoming packets
// will be sent to all instances" (ProbeNoHealthyBackendsBehavior, azure-native 3.28), so the sites
// still reachable stay reachable, as with one hub router.
export const NO_HEALTHY_BACKENDS = "AllProbedUp";

export function buildLoadBalancer(
  cfg: LabConfig,
  vnets: readonly VnetModel[],
  routers: readonly RouterModel[],
): LoadBalancerModel | undefined {
  const pair = cfg.hub.pair;
  if (!pair) return undefined;
  const hub = vnets.find((v) => v.role === "hub")!;
  const backends = [cfg.hub.router.name, pair.router.name];
  const first = hub.vms.find((vm) => vm.name === cfg.hub.router.name)!;
  const learned = (vm: string) =>
    routers
      .find((r) => r.vm.name === vm)!
      .routes.filter((r) => r.proto === "bgp")
      .map((r) => r.prefix);
  return {
    name: loadBalancerName(hub.name),
    vnet: hub.name,
    subnet: first.subnet,
    frontend: pair.frontend,
    backends,
    frontendName: "frontend-routers",
    poolName: "pool-routers",
    ruleName: "ha-ports",
    probeName: "probe-router-health",
    probe: {
      port: HEALTH_PORT,
      path: HEALTH_PATH,
      intervalSeconds: PROBE_INTERVAL_SECONDS,
      threshold: PROBE_THRESHOLD,
      noHealthyBackends: NO_HEALTHY_BACKENDS,
    },
    // "When VMs without public IP addresses are placed in the backend pool of an internal Standard Azure
    // Load Balancer, they have no outbound internet connectivity by default"
    // (https://learn.microsoft.com/azure/sap/workloads/high-availability-guide-standard-load-balancer-outbound-connections):
    // cloud-init could not install FRR. A NAT gateway on the routers' subnet is the explicit way out.
    egress: { natGateway: natGatewayName(hub.name), publicIp: natPublicIpName(hub.name) },
    healthPrefixes: Object.fromEntries(backends.map((b) => [b, learned(b)])),
    prefer: pair.prefer,
  };
}
