// hub.pair: a second hub router behind an internal Standard Load Balancer (HA ports). Its frontend
// and its router are judged here; its router's name and address with every other VM's
// (per-vnet.ts), its ASN with the sessions (bgp.ts), the sites' pairTunnel with the tunnels (sites.ts).
//
// The frontend is a static private address of a subnet: "Private IP address selection creates an
// internal load balancer" (Learn "Azure Load Balancer components",
// https://learn.microsoft.com/azure/load-balancer/components); the frontend IP configuration names
// the subnet and the address in it (azure-native 3.28 FrontendIPConfigurationArgs: subnet,
// privateIPAddress), here hub.router's subnet, where both routers' NICs sit in the one backend pool.
// In every subnet "Azure reserves the first four and last IP address for a total of 5 IP addresses"
// (VNet FAQ, "Are there any restrictions on using IP addresses within these subnets?",
// https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq).
import { addressProblem, containsAddress, isAddress, isAzureReserved, parsePrefix } from "../../net/cidr.js";
import { problemList, type Problem } from "../problems.js";
import { fieldParsed, routerEntries, vmSubnetName, type VnetRef } from "../refs.js";
import type { LabConfig } from "../schema.js";

/** refs: the VNets that parsed; routing: undefined when it did not parse (then the routing rule cannot be judged). */
export function checkPair(refs: readonly VnetRef[], routing: LabConfig["routing"] | undefined): Problem[] {
  const { problems, add } = problemList();
  const hubRef = refs.find((r) => r.role === "hub");
  const hub = hubRef?.cfg;
  const pair = hub?.pair;
  if (!hub || !pair) return problems;
  // The health answer the load balancer probes is the router's BGP state (src/model/load-balancer.ts),
  // and the site routers choose between the two hub routers by BGP.
  if (routing !== undefined && routing !== "bgp")
    add(
      "hub.pair",
      `hub.pair needs routing: bgp (routing is "${routing}"): each hub router's health answer to the load balancer is its BGP sessions and learned routes, and the site routers send over both hub routers' tunnels by BGP; with static routes a dead router keeps its share of the traffic. Set routing: bgp, or remove hub.pair`,
    );
  const first = hub.router;
  if (!first) return problems;
  const subnetName = fieldParsed(hub, "subnets") ? vmSubnetName(hub, first) : undefined;
  const subnetCfg = hub.subnets.find((s) => s.name === subnetName);
  const subnet = subnetCfg && parsePrefix(subnetCfg.prefix);
  // Both NICs in one backend pool behind one frontend in hub.router's subnet.
  const pairSubnet = vmSubnetName(hub, pair.router);
  if (subnetCfg && pairSubnet !== subnetName && hub.subnets.some((s) => s.name === pairSubnet))
    add(
      "hub.pair.router.subnet",
      `${pair.router.name} is in subnet "${pairSubnet}", hub.router ${first.name} in "${subnetName}": both routers' NICs are in the load balancer's backend pool behind its frontend in hub.router's subnet; set hub.pair.router.subnet to "${subnetName}" and its address inside ${subnetCfg.prefix}`,
    );
  const frontend = pair.frontend;
  if (!isAddress(frontend)) {
    add("hub.pair.frontend", addressProblem(frontend) ?? `"${frontend}" is not an IPv4 address`);
    return problems;
  }
  if (subnet && !containsAddress(subnet, frontend))
    add(
      "hub.pair.frontend",
      `${frontend} is outside subnet "${subnetName}" (${subnet.text}) of hub.router ${first.name}: the internal load balancer's frontend is an address of the routers' subnet; choose a free one inside ${subnet.text}`,
    );
  else if (subnet && isAzureReserved(subnet, frontend))
    add(
      "hub.pair.frontend",
      `${frontend} is reserved by Azure in ${subnet.text} (first four and last address of a subnet), so no frontend can take it; choose a free address inside ${subnet.text}`,
    );
  for (const r of refs) {
    const vms = [...routerEntries(r), ...r.cfg.hosts.map((h, i) => ({ key: `${r.key}.hosts[${i}]`, vm: h }))];
    for (const { key, vm } of vms)
      if (vm.address === frontend)
        add(
          "hub.pair.frontend",
          `${frontend} is ${vm.name}'s address (${key}.address): the frontend is the load balancer's own address, apart from every VM's; choose a free one${subnet ? ` inside ${subnet.text}` : ""}`,
        );
  }
  return problems;
}
