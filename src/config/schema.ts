// The stack config's shape (hub-spoke-vxlan:lab), with the seed lab as defaults.
// Shape only: rules between values (overlaps, reservations, ...) live in rules/.
import { z } from "zod";

export const DEFAULT_VM_SIZE = "Standard_B2ls_v2";
export const SITE_KINDS = ["expressroute", "peering", "onprem"] as const;

// Azure's naming rules (length, characters, first/last) are checked in rules/azure-names.ts, with
// every other problem and on the names derived from these too.
const name = z.string();
// Azure VM host names: no '.' or '_' (Linux computer name rules); also used in netns names.
const vmName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "lower-case letters, digits and '-'; 1..31 characters");

const vm = z.strictObject({
  name: vmName,
  address: z.string(),
  subnet: z.string().optional(),
});

const gateway = z.strictObject({
  // Checked in rules/per-vnet.ts so that a wrong SKU is reported with every other problem.
  sku: z.string().default("ErGw1AZ"),
  /** ErGwScale only: scale units (1..40); defaults.ts fills in {min: 1, max: 1}. */
  scaleUnits: z.strictObject({ min: z.number().int(), max: z.number().int() }).optional(),
  /** Removed: Azure assigns ER gateways their public IP. Kept in the shape so rules/per-vnet.ts can say why. */
  publicIp: z.unknown().optional(),
  /** Resource id of the ExpressRoute circuit; its authorization key is the secret config circuitAuthorizationKeys[<vnet name>]. */
  circuitId: z.string().optional(),
});

const subnet = z.strictObject({ name: z.string(), prefix: z.string() });

const vnetFields = {
  name,
  addressSpace: z.array(z.string()).min(1),
  subnets: z.array(subnet).min(1),
  gateway: gateway.nullable().optional(),
  hosts: z.array(vm).default([]),
};

export const ENCRYPTIONS = ["none", "wireguard"] as const;

const tunnel = z.strictObject({
  vni: z.number().int(),
  hubAddress: z.string(),
  siteAddress: z.string(),
  /** features.encryption wireguard only: the WireGuard link the VXLAN runs over (defaults.ts fills it in). */
  wireguard: z.strictObject({ hubAddress: z.string(), siteAddress: z.string(), port: z.number().int() }).optional(),
});

export const labSchema = z.strictObject({
  resourceGroupName: name.default("rg-hub-spoke-vxlan"),
  location: z.string().min(1).optional(),
  // Bsv2 (Intel, B-series v2): Standard_B2ls_v2 has Standard_B2s's 2 vCPU / 4 GiB with a higher CPU
  // baseline (30 % vs 20 %) and 6.25 Gbps; Gen2 only, which the Ubuntu "server" image is
  // (https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/bsv2-series,
  // https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/bv1-series).
  vmSize: z.string().min(1).default(DEFAULT_VM_SIZE),
  adminUsername: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/)
    .default("azureuser"),
  hub: z.strictObject({
    ...vnetFields,
    router: vm,
  }),
  spokes: z.array(z.strictObject(vnetFields)).min(1),
  sites: z
    .array(
      z.strictObject({
        ...vnetFields,
        /** expressroute: simulated site VNet behind the same circuit; peering: low-cost, peered to the hub; onprem: real site, not deployed. */
        kind: z.enum(SITE_KINDS).default("expressroute"),
        /** "hub" (tunnel to the hub router) or the name of a spoke whose own gateway serves the site natively. */
        attach: z.string().default("hub"),
        router: vm.optional(),
        tunnel: tunnel.optional(),
      }),
    )
    .min(1),
  vxlan: z.strictObject({ port: z.number().int().default(4789) }).prefault({}),
  /** Fixes beyond the seed; each false restores the seed's behaviour exactly. */
  features: z
    .strictObject({
      routerSource: z.boolean().default(true),
      mssClamp: z.boolean().default(true),
      vxlanGuard: z.boolean().default(true),
      /** Tunnel sized for Azure's 1,400-byte path (device MTU 1350, outer DF set); false = the seed's kernel default 1450, no DF. */
      azureMtu: z.boolean().default(true),
      /** none: VXLAN in clear (the seed); wireguard: each tunnel's VXLAN inside a WireGuard link between the routers. */
      encryption: z.enum(ENCRYPTIONS).default("none"),
      /** The /32 to the tunnel peer names eth0 (FRR reinstalls it when eth0 flaps); false = the seed's `ip route <peer>/32 <gateway>`. */
      peerRouteDev: z.boolean().default(true),
    })
    .prefault({}),
  access: z
    .strictObject({
      /** Source prefixes allowed to SSH to the VMs; none by default. */
      sshSourcePrefixes: z.array(z.string()).default([]),
      /** Subnets get explicit default outbound access so cloud-init can install FRR. */
      defaultOutboundAccess: z.boolean().default(true),
      /** Opt-in Azure Bastion in the hub and in every site not peered to the hub: false or a SKU
       *  (checked in rules/bastion.ts so a wrong SKU is reported with every other problem). */
      bastion: z.union([z.literal(false), z.string()]).default(false),
    })
    .prefault({}),
  /** Opt-in nightly shutdown of every VM (DevTest Labs schedule): time HHmm, Windows time zone id. */
  autoShutdown: z.strictObject({ time: z.string(), timeZone: z.string() }).optional(),
  /** The verify matrix run on the deployed VMs (Azure run-commands), judged against the model. */
  verify: z
    .strictObject({
      /** Run on `pulumi up`; unset: on where every gateway that carries a tunnel has its circuit. */
      onDeploy: z.boolean().optional(),
      /** Any change re-runs the checks without redeploying (it is part of each run-command's script). */
      run: z.number().int().default(1),
    })
    .prefault({}),
  emulation: z
    .strictObject({
      /** Assumption: Azure drops packets whose source is link-local (reproduces the seed's "???"). */
      dropLinkLocalSource: z.boolean().default(true),
      /** Fault injection: the fabric drops ICMP "fragmentation needed". */
      dropFragNeeded: z.boolean().default(false),
      /** Assumption: each ExpressRoute gateway passes no more than its SKU's published throughput (default: in-memory speed). */
      gatewayRateLimit: z.boolean().default(false),
      /** Underlay packet loss in %: a number for every path between VNets, or per path (a VNet or gateway name). */
      lossPercent: z.union([z.number().min(0).max(100), z.record(z.string(), z.number().min(0).max(100))]).default(0),
      /** Assumption: Azure's path fragments packets over 1,400 bytes without DF and may drop the fragments (modelled as lost). */
      azureFragmentation: z.boolean().default(true),
      /** The fabric enforces each subnet's NSG as Azure does (false: the fabric filters by no NSG rule). */
      enforceNsgs: z.boolean().default(true),
    })
    .prefault({}),
});

export type LabConfig = z.infer<typeof labSchema>;
export type LabConfigInput = z.input<typeof labSchema>;
