// The stack config's shape (hub-spoke-vxlan:lab), with the seed lab as defaults.
// Shape only: rules between values (overlaps, reservations, ...) live in rules/.
import { z } from "zod";

export const GATEWAY_SKUS = ["ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"] as const;
export const SITE_KINDS = ["expressroute", "peering", "onprem"] as const;

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "letters, digits, '-', '_', '.'; 1..63 characters");
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
  /** Azure now assigns ER gateways a public IP itself; opt in only where a region still needs one. */
  publicIp: z.boolean().default(false),
  /** Resource id of the ExpressRoute circuit; its authorization key is the secret config circuitAuthorizationKeys[<vnet name>]. */
  circuitId: z.string().optional(),
});

const subnet = z.strictObject({ name: z.string().min(1), prefix: z.string() });

const vnetFields = {
  name,
  addressSpace: z.array(z.string()).min(1),
  subnets: z.array(subnet).min(1),
  gateway: gateway.nullable().optional(),
  hosts: z.array(vm).default([]),
};

const tunnel = z.strictObject({
  vni: z.number().int(),
  hubAddress: z.string(),
  siteAddress: z.string(),
});

export const labSchema = z.strictObject({
  resourceGroupName: name.default("rg-hub-spoke-vxlan"),
  location: z.string().min(1).optional(),
  vmSize: z.string().min(1).default("Standard_B2s"),
  adminUsername: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/).default("azureuser"),
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
    })
    .prefault({}),
  access: z
    .strictObject({
      /** Source prefixes allowed to SSH to the VMs; none by default. */
      sshSourcePrefixes: z.array(z.string()).default([]),
      /** Subnets get explicit default outbound access so cloud-init can install FRR. */
      defaultOutboundAccess: z.boolean().default(true),
    })
    .prefault({}),
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
    })
    .prefault({}),
});

export type LabConfig = z.infer<typeof labSchema>;
export type LabConfigInput = z.input<typeof labSchema>;
