// Every validation rule with a config that breaks it, and the seed configs that pass.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildLab, tryBuildLab } from "../../../../src/model/build.js";
import { LabConfigError } from "../../../../src/config/problems.js";
import { readStackFile } from "../../../../src/config/stack-file.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { secondSite } from "../../../support/problems.js";
import { ROOT } from "../../../support/cli.js";
import { rawLab, type Raw } from "../../../support/config-edit.js";

const seed = (): Raw => rawLab();

function problemsOf(mutate: (c: Raw) => void): { key: string; message: string }[] {
  const c = seed();
  mutate(c);
  const r = tryBuildLab(c);
  if (r.ok) return [];
  return r.problems;
}

function expectProblem(mutate: (c: Raw) => void, key: string, pattern: RegExp): void {
  const problems = problemsOf(mutate);
  expect(problems, JSON.stringify(problems, null, 1)).toContainEqual({ key, message: expect.stringMatching(pattern) });
}

describe("valid configs", () => {
  it.each(nonEmpty(["dev", "seed", "peering", "test/fixtures/Pulumi.3x4.yaml", "test/fixtures/Pulumi.site2.yaml"]))(
    "%s builds",
    (stack) => {
      const file = readStackFile(stack.startsWith("test/") ? join(ROOT, stack) : stack);
      expect(tryBuildLab(file.lab)).toMatchObject({ ok: true });
    },
  );

  it("no config means the seed lab", () => {
    const lab = buildLab(undefined);
    expect(lab.vms.map((v) => `${v.name}=${v.address}`)).toEqual([
      "vm-hub00=10.0.0.4",
      "vm-spoke10=10.10.0.4",
      "vm-hub100=10.100.0.4",
      "vm-hub101=10.100.0.5",
    ]);
    expect(lab.tunnels).toHaveLength(1);
    expect(lab.tunnels[0]).toMatchObject({ vni: 77, mtu: 1350, mss: 1310, df: true, device: "vxlan0" });
    expect(lab.vxlanPort).toBe(4789);
    expect(lab.tunnels[0]?.hubEnd).toMatchObject({ underlay: "10.0.0.4", overlay: "169.254.0.1/24" });
    expect(lab.tunnels[0]?.siteEnd).toMatchObject({ underlay: "10.100.0.4", overlay: "169.254.0.2/24" });
  });

  it("the dev stack file holds exactly the seed topology", () => {
    const dev = buildLab(readStackFile("dev").lab);
    const seedLab = buildLab(undefined);
    expect(dev.vnets).toEqual(seedLab.vnets);
    expect(dev.routers).toEqual(seedLab.routers);
  });
});

describe("each rule rejects its failing example", () => {
  it("overlapping address spaces", () =>
    expectProblem(
      (c) => (c.spokes[0].addressSpace = ["10.0.128.0/17"]),
      "spokes[0].addressSpace[0]",
      /overlaps 10\.0\.0\.0\/16 \(hub\.addressSpace\[0\]\)/,
    ));
  it("address space that is not a prefix", () =>
    expectProblem((c) => (c.hub.addressSpace = ["10.0.0.1/16"]), "hub.addressSpace[0]", /not an IPv4 prefix/));
  it("link-local address space", () =>
    expectProblem((c) => (c.spokes[0].addressSpace = ["169.254.0.0/16"]), "spokes[0].addressSpace[0]", /Azure does not allow/));
  it("subnet outside its VNet", () =>
    expectProblem((c) => (c.hub.subnets[0].prefix = "10.1.0.0/24"), "hub.subnets[0].prefix", /outside vnet-hub00's address space/));
  it("overlapping subnets", () =>
    expectProblem(
      (c) => c.hub.subnets.push({ name: "other", prefix: "10.0.0.128/25" }),
      "hub.subnets[2].prefix",
      /overlaps subnet "default"/,
    ));
  it("subnet smaller than /29", () =>
    expectProblem((c) => c.hub.subnets.push({ name: "tiny", prefix: "10.0.9.0/30" }), "hub.subnets[2].prefix", /smaller than \/29/));
  it("duplicate subnet names", () =>
    expectProblem((c) => c.hub.subnets.push({ name: "default", prefix: "10.0.9.0/24" }), "hub.subnets[2].name", /duplicate subnet name/));
  it("host address outside its subnet", () =>
    expectProblem(
      (c) => (c.spokes[0].hosts[0].address = "10.10.1.4"),
      "spokes[0].hosts[0].address",
      /outside subnet "default" \(10\.10\.0\.0\/24\)/,
    ));
  it.each(nonEmpty(["10.10.0.0", "10.10.0.1", "10.10.0.2", "10.10.0.3", "10.10.0.255"]))("Azure-reserved host address %s", (a) =>
    expectProblem((c) => (c.spokes[0].hosts[0].address = a), "spokes[0].hosts[0].address", /reserved by Azure/),
  );
  it("first usable address is accepted", () => expect(problemsOf((c) => (c.spokes[0].hosts[0].address = "10.10.0.254"))).toEqual([]));
  it("duplicate VM names", () =>
    expectProblem((c) => (c.sites[0].hosts[0].name = "vm-hub00"), "sites[0].hosts[0].name", /duplicate VM name "vm-hub00"/));
  it("duplicate addresses", () =>
    expectProblem(
      (c) => c.sites[0].hosts.push({ name: "vm-hub102", address: "10.100.0.5" }),
      "sites[0].hosts[1].address",
      /duplicate address 10\.100\.0\.5/,
    ));
  it("VM in the GatewaySubnet", () =>
    expectProblem(
      (c) => (c.hub.router = { name: "vm-hub00", address: "10.0.255.4", subnet: "GatewaySubnet" }),
      "hub.router.subnet",
      /cannot be placed in GatewaySubnet/,
    ));
  it("GatewaySubnet misnamed", () =>
    expectProblem((c) => (c.hub.subnets[1].name = "gatewaysubnet"), "hub.subnets[1].name", /must be named exactly "GatewaySubnet"/));
  it("gateway without GatewaySubnet", () =>
    expectProblem((c) => c.hub.subnets.pop(), "hub.subnets", /needs a subnet named exactly "GatewaySubnet"/));
  it("GatewaySubnet smaller than /27", () =>
    expectProblem((c) => (c.hub.subnets[1].prefix = "10.0.255.0/28"), "hub.subnets[1].prefix", /smaller than \/27/));
  it("gateway SKU Azure does not offer", () =>
    expectProblem(
      (c) => (c.hub.gateway.sku = "Standard"),
      "hub.gateway.sku",
      /not an ExpressRoute gateway SKU.*"don't support the distribution of the gateway across multiple availability zones"/,
    ));
  it("malformed circuit id", () =>
    expectProblem((c) => (c.hub.gateway.circuitId = "my-circuit"), "hub.gateway.circuitId", /not an ExpressRoute circuit resource id/));
  it.each(nonEmpty([0, 16_777_216, -1]))("VNI %d out of range", (vni) =>
    expectProblem((c) => (c.sites[0].tunnel.vni = vni), "sites[0].tunnel.vni", /outside 1\.\.16777215/),
  );
  it.each(nonEmpty([0, 65536]))("port %d out of range", (port) =>
    expectProblem((c) => (c.vxlan = { port }), "vxlan.port", /outside 1\.\.65535/),
  );
  it("tunnel addresses not sharing a subnet", () =>
    expectProblem((c) => (c.sites[0].tunnel.siteAddress = "169.254.1.2/24"), "sites[0].tunnel", /must share one subnet/));
  it("tunnel subnet overlapping a VNet", () =>
    expectProblem(
      (c) => Object.assign(c.sites[0].tunnel, { hubAddress: "10.10.200.1/24", siteAddress: "10.10.200.2/24" }),
      "sites[0].tunnel",
      /overlaps 10\.10\.0\.0\/16 \(spokes\[0\]\.addressSpace\[0\]\)/,
    ));
  it("tunnel subnet containing 169.254.169.254", () =>
    expectProblem(
      (c) => Object.assign(c.sites[0].tunnel, { hubAddress: "169.254.169.1/24", siteAddress: "169.254.169.2/24" }),
      "sites[0].tunnel",
      /contains 169\.254\.169\.254/,
    ));
  it("tunnel address on the network address", () =>
    expectProblem((c) => (c.sites[0].tunnel.hubAddress = "169.254.0.0/24"), "sites[0].tunnel.hubAddress", /network or broadcast/));
  it("two tunnels with the same VNI and subnet", () =>
    expectProblem(
      (c) => void secondSite(c, structuredClone(c.sites[0].tunnel)),
      "sites[1].tunnel.vni",
      /VNI 77 is already used by sites\[0\]\.tunnel/,
    ));
  it("site attached to an unknown VNet", () =>
    expectProblem((c) => (c.sites[0].attach = "nowhere"), "sites[0].attach", /neither "hub" nor a spoke name/));
  it("hub-attached site without router", () => expectProblem((c) => delete c.sites[0].router, "sites[0].router", /needs a router/));
  it("expressroute site without gateway", () =>
    expectProblem((c) => delete c.sites[0].gateway, "sites[0].gateway", /own ExpressRoute gateway/));
  it("expressroute site on a hub without gateway", () =>
    expectProblem((c) => delete c.hub.gateway, "sites[0].kind", /vnet-hub00 has no gateway/));
  it("SSH open to the Internet", () =>
    expectProblem((c) => (c.access = { sshSourcePrefixes: ["0.0.0.0/0"] }), "access.sshSourcePrefixes[0]", /whole Internet/));
  it("verify run counter below 1", () => expectProblem((c) => (c.verify = { run: 0 }), "verify.run", /not a run number/));
  it("verify.onDeploy must be a boolean", () =>
    expectProblem((c) => (c.verify = { onDeploy: "yes" }), "verify.onDeploy", /expected boolean/));
  it("unknown keys are rejected, not ignored", () => expectProblem((c) => (c.hub.routr = {}), "hub", /Unrecognized key/i));
  it("wrong types name the key", () => expectProblem((c) => (c.sites[0].tunnel.vni = "77"), "sites[0].tunnel.vni", /expected number/));
});

describe("reporting", () => {
  it("reports every problem at once, each with its config key", () => {
    const problems = problemsOf((c) => {
      c.sites[0].tunnel.vni = 0;
      c.vxlan = { port: 0 };
      c.spokes[0].hosts[0].address = "10.10.0.1";
    });
    expect(problems.map((p) => p.key).sort()).toEqual(["sites[0].tunnel.vni", "spokes[0].hosts[0].address", "vxlan.port"]);
  });

  it("buildLab throws one LabConfigError whose message names the full config keys", () => {
    const c = seed();
    c.sites[0].tunnel.vni = 0;
    c.vxlan = { port: 70000 };
    expect(() => buildLab(c)).toThrow(LabConfigError);
    try {
      buildLab(c);
    } catch (e) {
      expect((e as Error).message).toBe(
        "invalid stack config (2 problems):\n" +
          "  - hub-spoke-vxlan:lab.sites[0].tunnel.vni: VNI 0 is outside 1..16777215\n" +
          "  - hub-spoke-vxlan:lab.vxlan.port: port 70000 is outside 1..65535",
      );
    }
  });
});

describe("defaults that age", () => {
  it("the default VM size is B-series v2 (Bsv2), not B-series v1 Standard_B2s", () => {
    expect(buildLab(undefined).config.vmSize).toBe("Standard_B2ls_v2");
  });
});
