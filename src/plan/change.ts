// PURE: what a `pulumi up` from one config to another will do, derived from the Pulumi program's own
// resource graph (both configs run under the mock monitor, src/cli/plan-from.ts) with the replacement
// rules the program declares (replaceOnChanges, deleteBeforeReplace, deletedWith, property
// dependencies) and Azure's: a change of a resource's name, location, resource group or parent
// replaces it. Not the engine's preview: what a provider's own diff adds is not seen here.

/** What the diff reads of a registered resource (src/azure/mock-program.ts records these). */
export interface GraphNode {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly replaceOnChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly propertyDeps: Readonly<Record<string, readonly string[]>>;
  readonly deletedWith: string;
}

export type Action = "create" | "update" | "replace" | "delete" | "refused";

export interface Change {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly action: Action;
  /** Replacements: the old resource is deleted before the new one is created (same Azure name). */
  readonly deleteFirst?: boolean;
  /** Deletes: the engine skips the delete call, the resource goes with this one (deletedWith). */
  readonly deletedWith?: string;
  readonly why: readonly string[];
}

/**
 * Per type, the inputs that identify the resource in Azure: the path of its ARM id (resource group,
 * parent names, its own name; e.g. PUT .../virtualNetworks/{virtualNetworkName}/virtualNetworkPeerings/
 * {virtualNetworkPeeringName}) and its location. A change of any is a different resource.
 */
export const IDENTITY: Readonly<Record<string, readonly string[]>> = {
  "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
  "azure-native:network:RouteTable": ["resourceGroupName", "routeTableName", "location"],
  "azure-native:network:NetworkSecurityGroup": ["resourceGroupName", "networkSecurityGroupName", "location"],
  "azure-native:network:VirtualNetwork": ["resourceGroupName", "virtualNetworkName", "location"],
  "azure-native:network:VirtualNetworkGateway": ["resourceGroupName", "virtualNetworkGatewayName", "location"],
  "azure-native:network:VirtualNetworkGatewayConnection": ["resourceGroupName", "virtualNetworkGatewayConnectionName", "location"],
  "azure-native:network:NetworkInterface": ["resourceGroupName", "networkInterfaceName", "location"],
  "azure-native:network:PublicIPAddress": ["resourceGroupName", "publicIpAddressName", "location"],
  "azure-native:network:BastionHost": ["resourceGroupName", "bastionHostName", "location"],
  "azure-native:network:VirtualNetworkPeering": ["resourceGroupName", "virtualNetworkName", "virtualNetworkPeeringName"],
  "azure-native:network:LoadBalancer": ["resourceGroupName", "loadBalancerName", "location"],
  "azure-native:compute:VirtualMachine": ["resourceGroupName", "vmName", "location"],
  "azure-native:compute:VirtualMachineRunCommandByVirtualMachine": ["resourceGroupName", "vmName", "runCommandName", "location"],
  "azure-native:devtestlab:GlobalSchedule": ["resourceGroupName", "name", "location"],
};

/** pulumi-random: its resources have no update; a changed input (length, keepers) makes new bytes. */
const REPLACE_ON_ANY = (type: string) => type.startsWith("random:");
/** The lab's dynamic CreationPin refuses a changed value in preview (src/azure/creation-pin.ts). */
const REFUSES_CHANGE = (type: string) => type === "pulumi-nodejs:dynamic/CreationPin:Resource";
/** Inputs that are the engine's, not the resource's. */
const IGNORED = new Set(["__provider"]);

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

/** Top-level inputs whose values differ (added and removed keys included), sorted. */
export function changedInputs(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !IGNORED.has(k) && canonical(before[k]) !== canonical(after[k])).sort();
}

/** Would a change of `key` replace `r`? Its declared replaceOnChanges, Azure's identity, or the provider's rule. */
function replacesOn(r: GraphNode, key: string): boolean {
  return r.replaceOnChanges.includes(key) || (IDENTITY[r.type] ?? []).includes(key) || REPLACE_ON_ANY(r.type);
}

/** A change's first fields: which resource. */
const head = (r: GraphNode) => ({ urn: r.urn, type: r.type, name: r.name });

export function diffGraphs(before: readonly GraphNode[], after: readonly GraphNode[]): Change[] {
  const old = new Map(before.filter((r) => r.custom).map((r) => [r.urn, r]));
  const now = after.filter((r) => r.custom);
  const byUrn = new Map<string, Change>();
  const label = (urn: string) => {
    const r = now.find((x) => x.urn === urn) ?? old.get(urn);
    return r ? r.name : urn;
  };
  for (const r of now) {
    const prev = old.get(r.urn);
    const base = head(r);
    if (!prev) {
      byUrn.set(r.urn, { ...base, action: "create", why: ["new in this config"] });
      continue;
    }
    const keys = changedInputs(prev.inputs, r.inputs);
    if (!keys.length) continue;
    if (REFUSES_CHANGE(r.type)) {
      byUrn.set(r.urn, { ...base, action: "refused", why: [`its check refuses a changed ${keys.join(", ")} in preview`] });
      continue;
    }
    const replacing = keys.filter((k) => replacesOn(r, k));
    byUrn.set(
      r.urn,
      replacing.length
        ? { ...base, action: "replace", ...(r.deleteBeforeReplace ? { deleteFirst: true } : {}), why: replacing.map((k) => `${k} changed`) }
        : { ...base, action: "update", why: keys.map((k) => `${k} changed`) },
    );
  }
  // What a replaced resource's dependents see: each input that came from it is unknown until it
  // exists again; an input that would replace them replaces them too (the engine's dependent
  // replacement), any other makes at least an update. Until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const r of now) {
      const current = byUrn.get(r.urn);
      if (current && current.action !== "update") continue;
      for (const [key, urns] of Object.entries(r.propertyDeps)) {
        const from = urns.find((u) => byUrn.get(u)?.action === "replace");
        if (!from) continue;
        const why = `${key} comes from ${label(from)}, which is replaced`;
        if (replacesOn(r, key)) {
          byUrn.set(r.urn, {
            ...head(r),
            action: "replace",
            ...(r.deleteBeforeReplace ? { deleteFirst: true } : {}),
            why: [...(current?.why ?? []), why],
          });
          changed = true;
          break;
        }
        if (!current) {
          byUrn.set(r.urn, { ...head(r), action: "update", why: [why] });
          changed = true;
          break;
        }
      }
    }
  }
  const afterUrns = new Set(now.map((r) => r.urn));
  for (const r of old.values()) {
    if (afterUrns.has(r.urn)) continue;
    const gone = r.deletedWith && (!afterUrns.has(r.deletedWith) || byUrn.get(r.deletedWith)?.action === "replace");
    byUrn.set(r.urn, {
      ...head(r),
      action: "delete",
      ...(gone ? { deletedWith: label(r.deletedWith) } : {}),
      why: ["not in this config"],
    });
  }
  const order = [...now.map((r) => r.urn), ...before.filter((r) => r.custom).map((r) => r.urn)];
  return [...byUrn.values()].sort((a, b) => order.indexOf(a.urn) - order.indexOf(b.urn));
}
