// hub.pair: the internal Standard Load Balancer in front of the two hub routers (lab.loadBalancer):
// one static private frontend in the routers' subnet, one backend pool, one HTTP health probe and one
// HA-ports rule. Every choice below is Learn's (quotes in docs/high-availability.md).
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import type { LoadBalancerModel } from "../model/types.js";
import { TYPE_PREFIX, type Placement } from "./common.js";

export interface LabLoadBalancerArgs extends Placement {
  readonly lb: LoadBalancerModel;
  /** The hub routers' subnet: the frontend's address is one of its addresses. */
  readonly subnetId: pulumi.Input<string>;
}

/** A sub-resource of the same load balancer: "A relative ID replaces the ID of the parent resource with a
 *  token '$self', followed by the sub-resource ID itself" (azure-native SubResource.id). */
const self = (kind: "frontendIPConfigurations" | "backendAddressPools" | "probes", name: string) => ({ id: `$self/${kind}/${name}` });

export class LabLoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancer: network.LoadBalancer;
  /** The backend pool's absolute id, for the routers' NICs (another resource: "$self" is for the LB's own parts). */
  readonly poolId: pulumi.Output<string>;

  constructor(name: string, args: LabLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TYPE_PREFIX}:LoadBalancer`, name, {}, opts);
    const lb = args.lb;
    this.loadBalancer = new network.LoadBalancer(
      lb.name,
      {
        loadBalancerName: lb.name,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        // "HA ports load-balancing rules are available only for an internal standard load balancer."
        // (https://learn.microsoft.com/azure/load-balancer/load-balancer-ha-ports-overview); Regional:
        // the routers and their spokes are in one region (Global is the cross-region tier).
        sku: { name: network.LoadBalancerSkuName.Standard, tier: network.LoadBalancerSkuTier.Regional },
        frontendIPConfigurations: [
          {
            name: lb.frontendName,
            // Static: the spokes' UDRs name this address as their next hop, "The private IP address of an
            // Azure internal load balancer" (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview).
            subnet: { id: args.subnetId },
            privateIPAddress: lb.frontend,
            privateIPAllocationMethod: network.IPAllocationMethod.Static,
            // zones: left unset. Learn: "a Load Balancer can either be zone redundant, zonal, or
            // non-zonal" (https://learn.microsoft.com/azure/reliability/reliability-load-balancer), but
            // what an internal frontend without zones is in a region with zones is not stated in the
            // facts gathered for this lab, and the routers behind it are non-zonal VMs (vms.ts sets no
            // zone), so a zone-redundant frontend would promise what the backends do not have.
          },
        ],
        // Inline, and the NICs join it from their side: "Do not mix inline and standalone resource as
        // they will conflict with each other, leading to resources deletion." (azure-native LoadBalancer).
        backendAddressPools: [{ name: lb.poolName }],
        probes: [
          {
            name: lb.probeName,
            // HTTP: "explicit responses will immediately mark the probe as up or down for 200 and non-200
            // responses" (https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview),
            // so a router that lost its routes answers non-200 and leaves at the next probe.
            protocol: network.ProbeProtocol.Http,
            port: lb.probe.port,
            requestPath: lb.probe.path,
            // Explicit: the REST default is 15 ("The default value is 15, the minimum value is 5", ProbeArgs).
            intervalInSeconds: lb.probe.intervalSeconds,
            // probeThreshold, not numberOfProbes: "numberOfProbes ... isn't respected" and its support ends
            // 2027-09-01 (https://learn.microsoft.com/azure/load-balancer/whats-new); the threshold counts
            // consecutive failures (timeouts, for HTTP) down and successes back up (same probes page).
            probeThreshold: lb.probe.threshold,
            // Every backend down (both routers missing a site's routes): send to all, not to none (model/load-balancer.ts).
            noHealthyBackendsBehavior: lb.probe.noHealthyBackends,
          },
        ],
        loadBalancingRules: [
          {
            name: lb.ruleName,
            // HA ports: "configured when you set the frontend and backend ports to 0 and the protocol to
            // All. The internal load balancer resource then balances all TCP and UDP flows, regardless of
            // port number" (HA ports overview, above).
            protocol: network.TransportProtocol.All,
            frontendPort: 0,
            backendPort: 0,
            frontendIPConfiguration: self("frontendIPConfigurations", lb.frontendName),
            backendAddressPool: self("backendAddressPools", lb.poolName),
            probe: self("probes", lb.probeName),
            // The single, nonfloating HA-ports configuration: "For Floating IP, select Disabled" (HA ports
            // overview); floating IP is only for "reuse the backend port across multiple rules"
            // (https://learn.microsoft.com/azure/load-balancer/load-balancer-best-practices).
            enableFloatingIP: false,
            // "Azure Load Balancer uses a five-tuple hash based distribution mode by default"
            // (https://learn.microsoft.com/azure/load-balancer/distribution-mode-concepts): stated, not implied.
            loadDistribution: network.LoadDistribution.Default,
            // No idleTimeoutInMinutes or enableTcpReset: each is "only used when the protocol is set to TCP"
            // (LoadBalancingRuleArgs). (The all-down behaviour is the probe's, above.)
          },
        ],
      },
      { parent: this },
    );
    this.poolId = pulumi.interpolate`${this.loadBalancer.id}/backendAddressPools/${lb.poolName}`;
    this.registerOutputs({ id: this.loadBalancer.id });
  }
}
