import { describe, expect, it } from "vitest";
import { buildLab } from "../../../../src/model/build.js";
import { readStackFile } from "../../../../src/config/stack-file.js";
import { buildTopology, namespaces, vmLinkCommands } from "../../../../src/emu/commands/topology.js";
import { guard, GuardError } from "../../../../src/emu/exec.js";

const seed = buildLab(readStackFile("seed").lab);

describe("emulation topology (pure)", () => {
  const t = buildTopology(seed, "seed");
  it("names one namespace per VM plus the fabric", () => {
    expect(namespaces(t)).toEqual([
      "hsv-seed-fabric",
      "hsv-seed-vm-hub00",
      "hsv-seed-vm-spoke10",
      "hsv-seed-vm-hub100",
      "hsv-seed-vm-hub101",
    ]);
  });
  it("gives each NIC a fabric port and each subnet its own table", () => {
    expect(t.nodes.map((n) => n.port)).toEqual(["n0", "n1", "n2", "n3"]);
    const hub100 = t.nodes.find((n) => n.vm.name === "vm-hub100")!;
    const hub101 = t.nodes.find((n) => n.vm.name === "vm-hub101")!;
    expect(hub100.table).toBe(hub101.table);
    expect(new Set(t.subnets.map((s) => s.table)).size).toBe(t.subnets.length);
  });
  it("routers get an FRR run dir and every VM its /etc/netns dir", () => {
    const hub00 = t.nodes.find((n) => n.vm.name === "vm-hub00")!;
    expect(hub00.runDir).toBe("/run/hub-spoke-vxlan/seed/vm-hub00");
    expect(hub00.etcDir).toBe("/etc/netns/hsv-seed-vm-hub00");
    expect(t.nodes.find((n) => n.vm.name === "vm-spoke10")!.runDir).toBeUndefined();
  });
  it("configures eth0 the way Azure's DHCP would", () => {
    expect(vmLinkCommands(t.nodes[0]!)).toEqual([
      "link set lo up",
      "link set eth0 up",
      "address add 10.0.0.4/24 dev eth0",
      "route add default via 10.0.0.1 dev eth0",
    ]);
  });
});

describe("command guard", () => {
  it("allows ip only with a lab namespace", () => {
    expect(() => guard(["ip", "-n", "hsv-seed-fabric", "route", "show"])).not.toThrow();
    expect(() => guard(["ip", "netns", "exec", "hsv-seed-vm-hub00", "sysctl", "-p", "x"])).not.toThrow();
    expect(() => guard(["ip", "netns", "add", "hsv-seed-vm-hub00"])).not.toThrow();
  });
  it("refuses the root namespace and foreign namespaces", () => {
    expect(() => guard(["ip", "route", "add", "10.0.0.0/8", "dev", "eth0"])).toThrow(GuardError);
    expect(() => guard(["ip", "addr", "add", "10.0.0.4/24", "dev", "eth0"])).toThrow(/root namespace/);
    expect(() => guard(["ip", "-n", "other", "link", "show"])).toThrow(/not a lab namespace/);
    expect(() => guard(["ip", "netns", "exec", "other", "sh"])).toThrow(GuardError);
    expect(() => guard(["ip", "-batch", "-"])).toThrow(GuardError);
    expect(() => guard(["ip", "-force", "-n", "hsv-x", "link"])).toThrow(GuardError);
    expect(() => guard(["sysctl", "-w", "net.ipv4.ip_forward=1"])).toThrow(GuardError);
    expect(() => guard(["vtysh", "-c", "show ip route"])).toThrow(GuardError);
  });
  it("checks every line of a batch as its own ip command", () => {
    expect(() => guard(["ip", "-batch", "-"], "netns add hsv-a-x\nnetns add hsv-a-y\n")).not.toThrow();
    expect(() => guard(["ip", "-batch", "-"], "netns add hsv-a-x\nnetns del other\n")).toThrow(/not a lab namespace/);
    expect(() => guard(["ip", "-batch", "-"], "netns add hsv-a-x\nroute add 10.0.0.0/8 dev eth0\n")).toThrow(/root namespace/);
    expect(() => guard(["ip", "-batch", "-"], "netns exec hsv-a-x sh\n")).not.toThrow();
    expect(() => guard(["ip", "-batch", "/tmp/file"], "")).toThrow(/stdin/);
    expect(() => guard(["ip", "-batch", "-"], 'netns add "hsv-a-x"\n')).toThrow(/quotes/);
    expect(() => guard(["ip", "-n", "hsv-a-fabric", "-batch", "-"], "link add n0 type veth peer name eth0 netns hsv-a-vm\n")).not.toThrow();
    expect(() => guard(["ip", "-n", "hsv-a-fabric", "-batch", "-"], "link set n0 netns 1\n")).toThrow(/not a lab namespace/);
    expect(() => guard(["ip", "-n", "hsv-a-fabric", "-batch", "-"], "netns del other\n")).toThrow(/not a lab namespace/);
  });
  it("refuses moving a device out of our namespaces", () => {
    expect(() => guard(["ip", "-n", "hsv-a-x", "link", "set", "eth0", "netns", "1"])).toThrow(/not a lab namespace/);
    expect(() => guard(["ip", "-n", "hsv-a-x", "netns", "del", "other"])).toThrow(/not a lab namespace/);
  });
});
