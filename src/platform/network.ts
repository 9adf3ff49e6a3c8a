// Azure's network platform as documented: its own addresses, the ranges a VNet may not use, the
// 1,400-byte path, the ports it keeps, the default route. The one home of these facts; the rules,
// the model, the walk and the emulated fabric read them from here.

/** "A virtual public IP address ... used to facilitate a communication channel to Azure platform
 *  resources" (DHCP, DNS, health probes), https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16 */
export const WIRESERVER = "168.63.129.16";
/** Instance Metadata Service, "available at a well-known, non-routable IP address (169.254.169.254)",
 *  https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service */
export const IMDS = "169.254.169.254";
/** Both "aren't subject to the configured network security groups"
 *  (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#azure-platform-considerations). */
export const PLATFORM_ADDRESSES = [WIRESERVER, IMDS] as const;
/** What each platform address is for, in words (config messages). */
export const PLATFORM_ADDRESS_ROLE: Readonly<Record<(typeof PLATFORM_ADDRESSES)[number], string>> = {
  [WIRESERVER]: "Azure's DNS, DHCP and health probes",
  [IMDS]: "Azure instance metadata",
};

/** IPv4 link-local. Not allowed as VNet address space (below); the seed's `???` hop suggests Azure
 *  drops packets sourced from it (emulation.dropLinkLocalSource). */
export const LINK_LOCAL = "169.254.0.0/16";

/** Ranges Azure refuses as VNet address space: the VNet FAQ ("Are there any restrictions on using IP
 *  addresses within these subnets?"), https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq */
export const VNET_FORBIDDEN_SPACES = ["224.0.0.0/4", "255.255.255.255/32", "127.0.0.0/8", LINK_LOCAL, `${WIRESERVER}/32`] as const;

// The outer-packet size Azure's path carries unfragmented. Azure VMs' NICs are 1500, but:
// - https://learn.microsoft.com/azure/virtual-network/virtual-network-tcpip-performance-tuning:
//   "The Azure Virtual Network stack will attempt to fragment a packet at 1,400 bytes. But the Virtual
//   Network stack will allow packets up to 2,006 bytes when the Don't Fragment bit is set in the IP
//   header." and "Virtual Network stack is set up to drop "out of order fragments,""
// - https://learn.microsoft.com/azure/expressroute/expressroute-about-virtual-network-gateways:
//   "ExpressRoute supports a maximum TCP and UDP packet size of 1,400 bytes. Packet sizes larger than
//   1,400 bytes will get fragmented."
// - A page author qualifies it (https://github.com/MicrosoftDocs/azure-docs/issues/69477): Azure "will
//   correctly re-assemble out of order fragments – but customers have to opt-in to it", and "this
//   problem is specific to UDP" — which VXLAN is.
// The tunnels are sized to it (src/model/tunnels.ts); the emulated fabric loses what exceeds it without
// DF (emulation.azureFragmentation, src/emu/commands/fabric.ts).
export const AZURE_PATH_BYTES = 1400;

/** The default route: the system route to the Internet, and each VM's DHCP default. */
export const DEFAULT_ROUTE = "0.0.0.0/0";

// Azure VNet FAQ, https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq ("What
// protocols can I use within VNets?"): unicast is supported "with the exception of Dynamic Host
// Configuration Protocol (DHCP) via Unicast (source port UDP/68 / destination port UDP/67) and UDP
// source port 65330 which is reserved for the host". Port 53 is the VM image's: Ubuntu's resolver.
export const RESERVED_PORTS: ReadonlyMap<number, string> = new Map([
  [67, "UDP 67 is DHCP's server port, and Azure does not carry DHCP via unicast (VNet FAQ)"],
  [68, "UDP 68 is DHCP's client port (Azure does not carry DHCP via unicast, VNet FAQ), and each VM's own DHCP client holds it"],
  [65330, "UDP 65330 is reserved for the Azure host (VNet FAQ)"],
  // systemd-resolved (Ubuntu's resolver) "provides a local DNS stub listener on the IP addresses
  // 127.0.0.53 and 127.0.0.54" (https://www.freedesktop.org/software/systemd/man/latest/systemd-resolved.service.html):
  // a VXLAN device on 53 and that listener cannot both bind the port (EADDRINUSE, measured on Linux 6.18).
  [
    53,
    "UDP 53 is held on every VM by systemd-resolved's DNS stub (127.0.0.53:53), so the VXLAN device could not bind it or would take the VM's DNS",
  ],
]);
