// The stack config's shape (hub-spoke-vxlan:lab), with the seed lab as defaults.
// Shape only: rules between values (overlaps, reservations, ...) live in rules/.
import { z } from "zod";

export const DEFAULT_VM_SIZE = "Standard_B2ls_v2";
export const SITE_KINDS = ["expressroute", "peering", "onprem"] as const;

// Azure's naming rules (length, characters, first/last) are checked in rules/azure-names.ts, with
// every other problem and on the names derived from these too.
const name = z.string();
const d = (text: string) => ({ description: text });
// Azure VM host names: no '.' or '_' (Linux computer name rules); also used in netns names.
const vmName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "lower-case letters, digits and '-'; 1..31 characters");

const vm = z.strictObject({
  name: vmName.meta(d("VM name: lower-case letters, digits and '-', 1..31 characters, unique in the lab.")),
  address: z.string().meta(d("Static private address, inside the VM's subnet and not one of the five Azure reserves there.")),
  subnet: z.string().optional().meta(d("Subnet name; default: the VNet's first subnet that is not GatewaySubnet.")),
});

// A router: a VM with its BGP AS number (routing: bgp only; rules/bgp.ts judges the ranges).
const router = vm.extend({
  asn: z
    .number()
    .int()
    .optional()
    .meta(
      d(
        "routing: bgp only. Private AS number (64512..65534 or 4200000000..4294967294, not Azure's 65515..65520); default 65000 for the hub router, 65001 + i for the i-th hub-attached site's.",
      ),
    ),
});

const gateway = z.strictObject({
  // Checked in rules/per-vnet.ts so that a wrong SKU is reported with every other problem.
  sku: z
    .string()
    .default("ErGw1AZ")
    .meta(d("ErGw1AZ, ErGw2AZ, ErGw3AZ or ErGwScale: 1, 2, 10 Gbps, and 1 Gbps per scale unit (src/platform/gateway-skus.ts).")),
  /** ErGwScale only: scale units (1..40); defaults.ts fills in {min: 1, max: 1}. */
  scaleUnits: z
    .strictObject({ min: z.number().int().meta(d("Fewest scale units.")), max: z.number().int().meta(d("Most scale units.")) })
    .optional()
    .meta(
      d(
        "ErGwScale only: min and max in 1..40, min <= max; min = max is a fixed size, autoscaling needs min >= 2. Default {min: 1, max: 1}. Not offered in every region (src/platform/gateway-skus.ts).",
      ),
    ),
  /** Removed: Azure assigns ER gateways their public IP. Kept in the shape so rules/per-vnet.ts can say why. */
  publicIp: z
    .unknown()
    .optional()
    .meta(d("Removed, refused with the reason: Azure gives every ExpressRoute gateway a Microsoft-managed public IP itself.")),
  /** Resource id of the ExpressRoute circuit; its authorization key is the secret config circuitAuthorizationKeys[<vnet name>]. */
  circuitId: z
    .string()
    .optional()
    .meta(
      d(
        "ExpressRoute circuit resource id (any case, no whitespace); a simulated site's must equal that of the VNet it attaches to. Its authorization key, if any, is the secret hub-spoke-vxlan:circuitAuthorizationKeys.<vnet>.",
      ),
    ),
});

const subnet = z.strictObject({
  name: z.string().meta(d("Subnet name; GatewaySubnet holds the gateway, AzureBastionSubnet the opt-in Bastion.")),
  prefix: z
    .string()
    .meta(d("IPv4 prefix inside the VNet's address space, /29 or larger; GatewaySubnet /27 or larger (/26 for ErGwScale).")),
});

const vnetFields = {
  name: name.meta(d("VNet name, unique in the lab ignoring case (Azure's naming rules).")),
  addressSpace: z
    .array(z.string())
    .min(1)
    .meta(d("IPv4 prefixes; no overlap anywhere in the lab, none of the ranges Azure refuses (src/platform/network.ts).")),
  subnets: z.array(subnet).min(1).meta(d("The VNet's subnets.")),
  gateway: gateway.nullable().optional().meta(d("The VNet's ExpressRoute gateway; absent or null: none.")),
  hosts: z.array(vm).default([]).meta(d("Test VMs (the verify matrix probes between every pair).")),
};

export const ENCRYPTIONS = ["none", "wireguard"] as const;
export const ROUTINGS = ["static", "bgp"] as const;
export const PAIR_PREFERENCES = ["ecmp", "first"] as const;

const tunnel = z.strictObject({
  vni: z.number().int().meta(d("VXLAN network identifier, 1..16777215, unique per tunnel; default 77 + i for the i-th hub-attached site.")),
  hubAddress: z.string().meta(d("The hub router's tunnel address with its prefix; default 169.254.i.1/24.")),
  siteAddress: z.string().meta(d("The site router's tunnel address, in the same subnet; default 169.254.i.2/24.")),
  // defaults.ts fills it in for every hub-attached site when encryption is wireguard.
  wireguard: z
    .strictObject({
      hubAddress: z.string().meta(d("The hub end's WireGuard address, a /30 or /31; default 169.254.254.(2i)/31.")),
      siteAddress: z.string().meta(d("The site end's WireGuard address; default 169.254.254.(2i+1)/31.")),
      port: z.number().int().meta(d("UDP port on both ends, distinct per tunnel, not vxlan.port nor a reserved port; default 51820 + i.")),
    })
    .optional()
    .meta(d("features.encryption wireguard only: the WireGuard link the VXLAN runs over.")),
});

export const labSchema = z.strictObject({
  resourceGroupName: name.default("rg-hub-spoke-vxlan").meta(d("Resource group of every resource.")),
  location: z.string().min(1).optional().meta(d("Azure region; default: azure-native:location.")),
  // Bsv2 (Intel, B-series v2): Standard_B2ls_v2 has Standard_B2s's 2 vCPU / 4 GiB with a higher CPU
  // baseline (30 % vs 20 %) and 6.25 Gbps; Gen2 only, which the Ubuntu "server" image is
  // (https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/bsv2-series,
  // https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/bv1-series).
  vmSize: z
    .string()
    .min(1)
    .default(DEFAULT_VM_SIZE)
    .meta(d("Size of every VM (Bsv2: 2 vCPU, 4 GiB); an Azure size name, Standard_... or Basic_....")),
  adminUsername: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/)
    .default("azureuser")
    .meta(d("Admin user (SSH key only); not one of the names Azure reserves, e.g. admin or root.")),
  hub: z
    .strictObject({
      ...vnetFields,
      router: router.meta(d("The hub router (FRR, IP forwarding on): one end of every tunnel.")),
      pair: z
        .strictObject({
          router: router.meta(d("The second hub router, in the first one's subnet; default asn: hub.router's (no session joins the two).")),
          frontend: z
            .string()
            .meta(d("The internal load balancer's static frontend address, in the routers' subnet: the spokes' UDR next hop.")),
          prefer: z
            .enum(PAIR_PREFERENCES)
            .default("ecmp")
            .meta(
              d(
                "ecmp: site routers send over both routers' tunnels; first: hub.router is preferred (the second router's announcements carry its ASN prepended twice).",
              ),
            ),
        })
        .optional()
        .meta(
          d(
            "routing: bgp only. A second hub router behind an internal Standard Load Balancer (HA ports): every hub-attached site gets a second tunnel to it, and the spokes route to the frontend.",
          ),
        ),
    })
    .meta(d("The hub VNet.")),
  spokes: z
    .array(z.strictObject(vnetFields))
    .min(1)
    .meta(d("Spoke VNets, peered to the hub (no gateway transit), each with its own ExpressRoute gateway in the seed.")),
  sites: z
    .array(
      z.strictObject({
        ...vnetFields,
        kind: z
          .enum(SITE_KINDS)
          .default("expressroute")
          .meta(
            d(
              "expressroute: a VNet simulating the site behind the same circuit (allowRemoteVnetTraffic on the gateways); peering: low-cost, peered to the hub; onprem: a real site, not deployed (its router's files are outputs).",
            ),
          ),
        attach: z
          .string()
          .default("hub")
          .meta(d("hub (a tunnel to the hub router) or the name of a spoke whose own gateway serves the site natively (no tunnel).")),
        router: router.optional().meta(d("The site router (FRR, IP forwarding on); a hub-attached site needs one.")),
        tunnel: tunnel.optional().meta(d("The VXLAN tunnel to the hub router (hub-attached sites).")),
        pairTunnel: tunnel
          .optional()
          .meta(
            d(
              "hub.pair only: the VXLAN tunnel to the second hub router; default VNI 1077 + i, 169.254.252.(4i+1)/30 and .(4i+2)/30, WireGuard link and port after the first tunnels'.",
            ),
          ),
      }),
    )
    .min(1)
    .meta(d("Sites: on-premises networks, simulated by VNets or real.")),
  routing: z
    .enum(ROUTINGS)
    .default("static")
    .meta(
      d(
        "static: the seed's static routes through each tunnel; bgp: an eBGP session per tunnel (BFD, MD5 password, prefix-lists both ways) carries the same prefixes, and a dead tunnel withdraws them.",
      ),
    ),
  vxlan: z
    .strictObject({
      port: z
        .number()
        .int()
        .default(4789)
        .meta(d("VXLAN UDP port: not 67, 68 or 65330 (Azure's, src/platform/network.ts), not 53 (systemd-resolved's stub).")),
    })
    .prefault({})
    .meta(d("The VXLAN encapsulation of every tunnel.")),
  features: z
    .strictObject({
      routerSource: z
        .boolean()
        .default(true)
        .meta(d("The routers use their eth0 address as the source of routes through the tunnel, so they reach the far side themselves.")),
      mssClamp: z.boolean().default(true).meta(d("Both routers clamp TCP MSS to the tunnel MTU - 40, both directions.")),
      vxlanGuard: z
        .boolean()
        .default(true)
        .meta(
          d(
            "nftables drops VXLAN not from the configured peer (fail-closed), nolearning on the device, NSGs admit it only between tunnel ends.",
          ),
        ),
      azureMtu: z
        .boolean()
        .default(true)
        .meta(d("Tunnel sized for Azure's 1,400-byte path (device MTU 1350, outer DF set); false: the seed's kernel default 1450, no DF.")),
      encryption: z
        .enum(ENCRYPTIONS)
        .default("none")
        .meta(d("none: VXLAN in clear (the seed); wireguard: each tunnel's VXLAN inside a WireGuard link between the routers.")),
      peerRouteDev: z
        .boolean()
        .default(true)
        .meta(
          d("The /32 to the tunnel peer names eth0 (FRR reinstalls it when eth0 flaps); false: the seed's `ip route <peer>/32 <gateway>`."),
        ),
    })
    .prefault({})
    .meta(d("Fixes beyond the seed; each false restores the seed's behaviour exactly (docs/fixes.md).")),
  access: z
    .strictObject({
      sshSourcePrefixes: z
        .array(z.string())
        .default([])
        .meta(
          d(
            "Prefixes outside the lab allowed to SSH to the VMs; none by default, the whole Internet refused however it is written. Inside the lab every lab address space may SSH to every VM.",
          ),
        ),
      defaultOutboundAccess: z
        .boolean()
        .default(true)
        .meta(d("Subnets get explicit default outbound access, so cloud-init can install FRR from Ubuntu's archive.")),
      // Checked in rules/bastion.ts so that a wrong SKU is reported with every other problem.
      bastion: z
        .union([z.literal(false), z.string()])
        .default(false)
        .meta(
          d(
            "false, Basic or Standard: a Bastion host in the hub and in every site reached over ExpressRoute; each needs an AzureBastionSubnet /26 or larger.",
          ),
        ),
    })
    .prefault({})
    .meta(d("Who may reach the VMs, and how they reach out.")),
  autoShutdown: z
    .strictObject({
      time: z.string().meta(d("Daily shutdown time, 24-hour HHmm, e.g. 1900.")),
      timeZone: z.string().meta(d("A Windows time zone id, e.g. UTC or Tokyo Standard Time.")),
    })
    .optional()
    .meta(d("Opt-in nightly shutdown of every VM: one DevTest Labs schedule shutdown-computevm-<vm> per VM.")),
  verify: z
    .strictObject({
      onDeploy: z
        .boolean()
        .optional()
        .meta(
          d(
            "Run the verify matrix on the VMs during `pulumi up` (run-commands); unset: on where every gateway carrying a tunnel has its circuitId.",
          ),
        ),
      run: z
        .number()
        .int()
        .default(1)
        .meta(d("Run number: change it to re-run the checks without redeploying (it is part of each run-command's script).")),
    })
    .prefault({})
    .meta(d("The verify matrix run on the deployed VMs (Azure run-commands), judged against the model.")),
  emulation: z
    .strictObject({
      dropLinkLocalSource: z
        .boolean()
        .default(true)
        .meta(d("Assumption: Azure drops packets whose source is link-local (reproduces the seed's ???).")),
      dropFragNeeded: z.boolean().default(false).meta(d('Fault injection: the fabric drops ICMP "fragmentation needed".')),
      gatewayRateLimit: z
        .boolean()
        .default(false)
        .meta(d("Assumption: each ExpressRoute gateway passes at most its SKU's published throughput (default: in-memory speed).")),
      lossPercent: z
        .union([z.number().min(0).max(100), z.record(z.string(), z.number().min(0).max(100))])
        .default(0)
        .meta(
          d(
            "Fault injection: underlay loss in % per direction, one number for every path between VNets or { <vnet or gateway name>: percent }.",
          ),
        ),
      azureFragmentation: z
        .boolean()
        .default(true)
        .meta(
          d(
            "Assumption: the fabric loses IP fragments and packets over 1,400 bytes without DF (Azure fragments them and may drop the fragments).",
          ),
        ),
      enforceNsgs: z
        .boolean()
        .default(true)
        .meta(d("The fabric enforces each subnet's NSG as Azure does (priority order, default rules, stateful); false: no NSG filtering.")),
    })
    .prefault({})
    .meta(
      d("Emulation only: assumptions about Azure and injected faults; checked by pulumi up like every key, used by no Azure resource."),
    ),
});

export type LabConfig = z.infer<typeof labSchema>;
export type LabConfigInput = z.input<typeof labSchema>;
