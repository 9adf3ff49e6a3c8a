// The Azure names the model derives from config names: decided here once, so the builders and the
// name rules (rules/azure-names.ts) can never disagree about them.
export const nicName = (vm: string) => `nic-${vm}`;
export const nsgName = (vnet: string, subnet: string) => `nsg-${vnet}-${subnet}`;
export const routeTableName = (vnet: string, subnet: string) => `rt-${vnet}-${subnet}`;
export const routeName = (prefix: string) => `to-${prefix.replace(/[./]/g, "-")}`;
export const peeringName = (from: string, to: string) => `peer-${from}-to-${to}`;
export const gatewayName = (vnet: string) => `gw-${vnet}`;
export const connectionName = (vnet: string) => `cn-${vnet}`;
export const gatewayPublicIpName = (vnet: string) => `pip-gw-${vnet}`;
export const bastionName = (vnet: string) => `bas-${vnet}`;
export const bastionPublicIpName = (vnet: string) => `pip-${bastionName(vnet)}`;
/** The portal's auto-shutdown names its DevTest Labs schedule so. */
export const shutdownScheduleName = (vm: string) => `shutdown-computevm-${vm}`;
/** Pulumi names (stack state only, not Azure resources). */
export const outboundPinName = (vnet: string) => `${vnet}-default-outbound-access`;
export const verifyRunCommandName = (vm: string) => `verify-${vm}`;
// hub.pair: both hub routers sit in one NSG and each has a tunnel from every site router, so a rule for
// a tunnel to the pair's router also names its own end (localVm), after '_': no VM name holds one, so
// no such name is another rule's (Azure refuses two rules of one name in an NSG). Without a pair the
// names are as they always were.
export const vxlanRuleName = (peerVm: string, localVm?: string) => `allow-vxlan-${peerVm}${localVm ? `_${localVm}` : ""}`;
/** features.encryption wireguard: the tunnel peer's rule admits its WireGuard port instead (VM names are <= 31, so <= 79 of 80). */
export const wireguardRuleName = (peerVm: string, localVm?: string) => `allow-wireguard-${peerVm}${localVm ? `_${localVm}` : ""}`;
/** hub.pair: the rule that lets Azure's health probe reach the hub routers. */
export const lbProbeRuleName = "allow-lb-health-probe";
/** hub.pair: the internal load balancer in front of the hub routers, and its parts. */
export const loadBalancerName = (vnet: string) => `lbi-${vnet}-routers`;
/** hub.pair: the NAT gateway that gives the routers' subnet its way out, and its public IP. */
export const natGatewayName = (vnet: string) => `ng-${vnet}-routers`;
export const natPublicIpName = (vnet: string) => `pip-${natGatewayName(vnet)}`;
