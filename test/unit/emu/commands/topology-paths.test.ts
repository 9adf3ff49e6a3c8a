// Every name and host path a lab uses (what `down` and `status` find a lab by, whatever its config
// says now), the VMs' and the fabric's kernel settings, and node lookup.
import { describe, expect, it } from "vitest";
import {
  buildTopology,
  etcDirOf,
  labPaths,
  netnsFile,
  nodeOf,
  nsName,
  VM_BASELINE_SYSCTLS,
} from "../../../../src/emu/commands/topology.js";
import { safeStack } from "../../../../src/config/stack-file.js";
import { FABRIC_FORWARDING, FABRIC_SYSCTLS, FABRIC_TTL_RULE } from "../../../../src/emu/commands/fabric.js";
import { labOf } from "../../../support/stacks.js";

describe("names and paths", () => {
  it("a lab's namespaces, state file and run dir follow from its stack name alone", () => {
    expect(labPaths("dev")).toEqual({
      stack: "dev",
      nsPrefix: "hsv-dev-",
      fabricNs: "hsv-dev-fabric",
      stateFile: "/run/hub-spoke-vxlan/dev.json",
      runDir: "/run/hub-spoke-vxlan/dev",
    });
    expect(nsName("dev", "vm-hub00")).toBe("hsv-dev-vm-hub00");
    expect(etcDirOf("hsv-dev-vm-hub00")).toBe("/etc/netns/hsv-dev-vm-hub00");
    expect(netnsFile("hsv-dev-vm-hub00")).toBe("/run/netns/hsv-dev-vm-hub00");
  });
  it("a stack name is made safe for a namespace and a path: anything but letters, digits, _ . - becomes _", () => {
    expect(safeStack("my stack/x;rm")).toBe("my_stack_x_rm");
    expect(safeStack("a.b-c_D9")).toBe("a.b-c_D9");
    expect(() => safeStack("")).toThrow("empty stack name");
    const lab = labOf("seed");
    const t = buildTopology(lab, "my lab");
    expect(t.fabricNs).toBe("hsv-my_lab-fabric");
    expect(t.nodes[0]!.ns).toBe("hsv-my_lab-vm-hub00");
    expect(t.nodes[0]!.runDir).toBe("/run/hub-spoke-vxlan/my_lab/vm-hub00");
  });
});

describe("nodeOf", () => {
  it("finds a VM's node by name, nothing for an unknown name", () => {
    const lab = labOf("dev");
    const t = buildTopology(lab, "dev");
    expect(nodeOf(t, "vm-hub100")!.port).toBe("n2");
    expect(nodeOf(t, "vm-hub00")!.port).toBe("n0");
    expect(nodeOf(t, "vm-nope")).toBeUndefined();
  });
  it("of two nodes with one name, the first (the index keeps the model's order)", () => {
    const lab = labOf("dev");
    const t = buildTopology(lab, "dev");
    const twice = { ...t, nodes: [t.nodes[0]!, { ...t.nodes[0]!, port: "n9" }] };
    expect(nodeOf(twice, "vm-hub00")!.port).toBe("n0");
  });
});

describe("kernel settings", () => {
  it("a VM starts as Ubuntu's image does (loose reverse-path filter) with ICMP unlimited for parallel traceroutes", () => {
    expect([...VM_BASELINE_SYSCTLS]).toEqual([
      "net.ipv4.conf.all.rp_filter=2",
      "net.ipv4.conf.default.rp_filter=2",
      "net.ipv4.icmp_ratelimit=0",
      "net.ipv4.icmp_msgs_burst=10000",
    ]);
  });
  it("the fabric forwards, answers ARP for every address, never redirects or filters by source, has no IPv6", () => {
    // Forwarding last, once the fabric's routes and rules are in (the VMs start meanwhile).
    expect([...FABRIC_FORWARDING]).toEqual(["net.ipv4.ip_forward=1"]);
    expect([...FABRIC_SYSCTLS]).toEqual([
      "net.ipv4.conf.all.rp_filter=0",
      "net.ipv4.conf.default.rp_filter=0",
      "net.ipv4.conf.default.proxy_arp=1",
      "net.ipv4.conf.all.send_redirects=0",
      "net.ipv4.conf.default.send_redirects=0",
      "net.ipv6.conf.all.disable_ipv6=1",
      "net.ipv6.conf.default.disable_ipv6=1",
    ]);
    expect([...FABRIC_TTL_RULE]).toEqual(["iptables", "-w", "-t", "mangle", "-A", "PREROUTING", "-j", "TTL", "--ttl-inc", "1"]);
  });
});
