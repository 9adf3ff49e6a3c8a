// Lab -> emulation topology in namespaces (pure data, containerlab style): one namespace per VM,
// one fabric namespace standing for Azure, one veth per NIC (fabric side n<i>, VM side eth0), one
// routing table per subnet in the fabric; and every name and host path a lab uses.
import type { Lab, RouterModel, SubnetModel, VmModel } from "../../model/types.js";
import { safeStack } from "../../config/stack-file.js";
import type { Step } from "./argv.js";

/** Every namespace of ours starts with it (the command guard lets nothing else be touched). */
export const NS_PREFIX = "hsv-";
/** Run dirs and state files of all labs. */
export const RUN_ROOT = "/run/hub-spoke-vxlan";
export const NETNS_ETC = "/etc/netns";
/**
 * The soft open-file limit of what runs in a VM: cloud-init's runcmd (systemd's DefaultLimitNOFILE,
 * 1024:524288 since systemd 240) and FRR's daemons (frr.service: LimitNOFILE=1024). FRR sizes its
 * event loops by it: under this host's 20000 each zebra start costs 10 to 15 ms more CPU.
 */
export const VM_NOFILE = 1024;
/** Where `ip netns add` pins namespaces (what `ip netns pids` compares a process against). */
export const NETNS_RUN = "/run/netns";
/** One MAC for every fabric port, like Azure's 12:34:56:78:9a:bc behind each subnet gateway. */
export const FABRIC_MAC = "12:34:56:78:9a:bc";
export const FIRST_TABLE = 1000;

export interface VmNode {
  readonly vm: VmModel;
  readonly ns: string;
  /** Fabric-side veth name (the VM side is eth0). */
  readonly port: string;
  readonly table: number;
  readonly router?: RouterModel;
  /** FRR run directory (routers only). */
  readonly runDir?: string;
  /** Where this VM's /etc files live on the host (ip netns exec bind-mounts them over /etc). */
  readonly etcDir: string;
}

export interface SubnetNode {
  readonly subnet: SubnetModel;
  readonly table: number;
}

/** What a lab's stack name alone decides (enough for `down` and `status`, whatever the config now says). */
export interface LabPaths {
  readonly stack: string;
  /** hsv-<stack>-: every namespace of the lab starts with it. */
  readonly nsPrefix: string;
  readonly fabricNs: string;
  readonly stateFile: string;
  readonly runDir: string;
}

export interface Topology extends LabPaths {
  readonly nodes: readonly VmNode[];
  readonly subnets: readonly SubnetNode[];
}

const nsPrefixOf = (stack: string): string => `${NS_PREFIX}${stack}-`;

export function labPaths(stack: string): LabPaths {
  const nsPrefix = nsPrefixOf(stack);
  return { stack, nsPrefix, fabricNs: `${nsPrefix}fabric`, stateFile: `${RUN_ROOT}/${stack}.json`, runDir: `${RUN_ROOT}/${stack}` };
}

/** Namespace names must stay short and safe: hsv-<stack>-<vm>. */
export function nsName(stack: string, vm: string): string {
  return `${nsPrefixOf(stack)}${vm}`;
}

/** Host dir of a namespace's /etc files (ip netns exec bind-mounts it over /etc). */
export const etcDirOf = (ns: string): string => `${NETNS_ETC}/${ns}`;
/** The file `ip netns add` pins a namespace to. */
export const netnsFile = (ns: string): string => `${NETNS_RUN}/${ns}`;

export function buildTopology(lab: Lab, stackName: string): Topology {
  const paths = labPaths(safeStack(stackName));
  const subnets: SubnetNode[] = lab.vnets.flatMap((v) => v.subnets).map((subnet, i) => ({ subnet, table: FIRST_TABLE + i }));
  const tableOf = (vm: VmModel) => subnets.find((s) => s.subnet.vnet === vm.vnet && s.subnet.name === vm.subnet)!.table;
  const nodes: VmNode[] = lab.vms.map((vm, i) => {
    const ns = nsName(paths.stack, vm.name);
    const router = lab.routers.find((r) => r.vm.name === vm.name);
    return {
      vm,
      ns,
      port: `n${i}`,
      table: tableOf(vm),
      ...(router ? { router, runDir: `${paths.runDir}/${vm.name}` } : {}),
      etcDir: etcDirOf(ns),
    };
  });
  return { ...paths, nodes, subnets };
}

const nodeIndex = new WeakMap<Topology, Map<string, VmNode>>();

/** A VM's node by the VM's name (indexed once per topology: the fabric asks per subnet and address). */
export function nodeOf(t: Topology, vm: string): VmNode | undefined {
  let index = nodeIndex.get(t);
  if (!index) {
    index = new Map();
    for (const n of t.nodes) if (!index.has(n.vm.name)) index.set(n.vm.name, n);
    nodeIndex.set(t, index);
  }
  return index.get(vm);
}

/** Every namespace of the lab, fabric first. */
export const namespaces = (t: Topology): string[] => [t.fabricNs, ...t.nodes.map((n) => n.ns)];

/** What Azure's DHCP gives a VM: eth0 address and a default route via the subnet gateway. */
export function vmLinkCommands(n: VmNode): string[] {
  return [
    "link set lo up",
    "link set eth0 up",
    `address add ${n.vm.address}/${n.vm.prefixLength} dev eth0`,
    `route add default via ${n.vm.subnetGateway} dev eth0`,
  ];
}

/** The Ubuntu image's own sysctl defaults that matter here (the VM baseline before cloud-init). */
export const VM_BASELINE_SYSCTLS: readonly string[] = [
  "net.ipv4.conf.all.rp_filter=2",
  "net.ipv4.conf.default.rp_filter=2",
  // Not Ubuntu defaults: the emulation runs every VM's traceroutes at once, and the kernel's ICMP
  // rate limits would turn real hops into "???": per destination (1/s, burst 6), and per namespace
  // (1000/s, burst 50: a 56-VM lab's verify lost 100 of 3080 first hops through the hub router).
  "net.ipv4.icmp_ratelimit=0",
  "net.ipv4.icmp_msgs_burst=10000",
];

/**
 * A VM's boot, before its cloud-init: the image's sysctl baseline, then what DHCP gives eth0, as
 * steps the VM's runner plays itself (no process but one `ip`). They run first in the VM's
 * cloud-init runner: one namespace entry per VM (a separate one cost 106 starts on a 50 x 5 lab).
 */
export const vmBootSteps = (n: VmNode): Step[] => [{ sysctl: VM_BASELINE_SYSCTLS }, { ipBatch: vmLinkCommands(n) }];
