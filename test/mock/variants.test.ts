// Switches and failures: gateway SKU inputs (no public IP, ErGwScale bounds), circuits and their secret keys, SSH access,
// the low-cost peering stack, config errors, the customData limit.
import { describe, expect, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { encodeCustomData, MAX_CUSTOM_DATA } from "../../src/azure/vms.js";
import { checkSettings } from "../../src/azure/config.js";
import { join } from "node:path";
import { FIXTURES } from "../support/stacks.js";
import { ofType, runProgram, T, TEST_SSH_KEY } from "./harness.js";
import { CIRCUIT } from "../support/circuits.js";

const AUTH_KEY = "a1b2c3d4-SECRET-AUTH-KEY-must-not-leak";
/** The hub and the first site on one circuit (CIRCUIT). */
const withCircuits = (l: any) => ((l.hub.gateway.circuitId = CIRCUIT), (l.sites[0].gateway.circuitId = CIRCUIT), l);

describe("gateway inputs", () => {
  it("no public IP resource or reference anywhere: Azure assigns it", async () => {
    const run = await runProgram({ stack: "dev" });
    expect(run.error).toBeUndefined();
    expect(ofType(run, T.pip)).toHaveLength(0);
    for (const gw of ofType(run, T.gw))
      expect(gw.inputs.ipConfigurations, gw.name).toEqual([{ name: "default", subnet: { id: expect.stringContaining("GatewaySubnet") } }]);
  });

  it("ErGwScale sends autoScaleConfiguration bounds (default 1..1); the AZ SKUs send none", async () => {
    const scale = (l: any, units?: unknown) => {
      l.hub.gateway = { sku: "ErGwScale", ...(units ? { scaleUnits: units } : {}) };
      l.hub.subnets.find((s: any) => s.name === "GatewaySubnet").prefix = "10.0.255.0/26";
      return l;
    };
    const gwOf = (run: Awaited<ReturnType<typeof runProgram>>, n: string) => ofType(run, T.gw).find((g) => g.name === n)!.inputs;
    const def = await runProgram({ stack: "dev", location: "japanwest", lab: (l: any) => scale(l) });
    expect(def.error).toBeUndefined();
    expect(gwOf(def, "gw-vnet-hub00")).toMatchObject({
      sku: { name: "ErGwScale", tier: "ErGwScale" },
      autoScaleConfiguration: { bounds: { min: 1, max: 1 } },
    });
    expect(gwOf(def, "gw-vnet-spoke10").autoScaleConfiguration).toBeUndefined();
    const auto = await runProgram({ stack: "dev", location: "japanwest", lab: (l: any) => scale(l, { min: 2, max: 10 }) });
    expect(gwOf(auto, "gw-vnet-hub00").autoScaleConfiguration).toEqual({ bounds: { min: 2, max: 10 } });
  });

  it("ErGwScale in the dev stack's own region (japaneast) is refused before anything is declared", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: (l: any) => ((l.hub.gateway = { sku: "ErGwScale" }), (l.hub.subnets[1].prefix = "10.0.255.0/26"), l),
    });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    expect((run.error as Error).message).toContain(
      'hub-spoke-vxlan:lab.hub.gateway.sku: ErGwScale is not offered in Japan East (azure-native:location "japaneast")',
    );
    expect(run.resources.filter((r) => r.custom)).toHaveLength(0);
  });
});

describe("ExpressRoute connections", () => {
  it("only for gateways with a circuitId; the authorization key is a secret and never in outputs", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: withCircuits,
      authKeys: { "vnet-hub00": AUTH_KEY },
    });
    expect(run.error).toBeUndefined();
    const cns = ofType(run, T.cn);
    expect(cns.map((c) => c.name).sort()).toEqual(["cn-vnet-hub00", "cn-vnet-hub100"]);
    const hub = cns.find((c) => c.name === "cn-vnet-hub00")!;
    expect(hub.inputs).toMatchObject({
      connectionType: "ExpressRoute",
      peer: { id: CIRCUIT },
      virtualNetworkGateway1: { id: "/mock/VirtualNetworkGateway/gw-vnet-hub00" },
    });
    // Sent to the engine wrapped as a secret (the mocks see the secret envelope).
    expect(hub.secretInputs).toEqual(["authorizationKey"]);
    expect(hub.inputs.authorizationKey.value).toBe(AUTH_KEY);
    // The site's circuit has no key configured (same subscription): none is sent.
    expect(cns.find((c) => c.name === "cn-vnet-hub100")!.inputs.authorizationKey).toBeUndefined();
    // Nothing secret leaks into any output, nor into a non-secret input.
    expect(JSON.stringify(run.outputs)).not.toContain(AUTH_KEY);
    expect(run.secretOutputs).toEqual([]);
    for (const r of run.resources.filter((x) => x.name !== "cn-vnet-hub00")) expect(JSON.stringify(r.inputs)).not.toContain(AUTH_KEY);
    expect(run.outputs.underlay).toBe(
      "not connected: no circuitId configured for gw-vnet-spoke10 (set gateway.circuitId in hub-spoke-vxlan:lab); connected: gw-vnet-hub00, gw-vnet-hub100",
    );
  });

  it("with every circuit configured there is no warning", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: (l: any) => {
        for (const v of [l.hub, ...l.spokes, ...l.sites]) v.gateway.circuitId = CIRCUIT;
        return l;
      },
    });
    expect(ofType(run, T.cn)).toHaveLength(3);
    expect(run.warnings).toEqual([]);
    expect(run.outputs.underlay).toMatch(/^connected: /);
  });
});

describe("access", () => {
  it("SSH rule on every NSG when access.sshSourcePrefixes is set", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.access = { sshSourcePrefixes: ["203.0.113.0/24"] }), l) });
    expect(run.error).toBeUndefined();
    for (const nsg of ofType(run, T.nsg)) {
      const ssh = (nsg.inputs.securityRules as any[]).filter((r) => r.destinationPortRange === "22" && r.name !== "allow-lab-ssh");
      expect(ssh, nsg.name).toEqual([
        expect.objectContaining({ access: "Allow", protocol: "Tcp", sourceAddressPrefix: "203.0.113.0/24", direction: "Inbound" }),
      ]);
    }
  });

  it("defaultOutboundAccess follows the config", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.access = { defaultOutboundAccess: false }), l) });
    const subnets = ofType(run, T.vnet)
      .flatMap((v) => v.inputs.subnets as any[])
      .filter((s) => s.name !== "GatewaySubnet");
    expect(subnets.length).toBe(3);
    for (const s of subnets) expect(s.defaultOutboundAccess).toBe(false);
  });
});

describe("low-cost peering stack", () => {
  it("deploys with no gateway, no connection, no public IP; the site is peered to the hub", async () => {
    const run = await runProgram({ stack: "peering" });
    expect(run.error).toBeUndefined();
    expect(ofType(run, T.gw)).toHaveLength(0);
    expect(ofType(run, T.cn)).toHaveLength(0);
    expect(ofType(run, T.pip)).toHaveLength(0);
    expect(ofType(run, T.vm)).toHaveLength(4);
    expect(
      ofType(run, T.peering)
        .map((p) => p.name)
        .sort(),
    ).toEqual([
      "peer-vnet-hub00-to-vnet-hub100",
      "peer-vnet-hub00-to-vnet-spoke10",
      "peer-vnet-hub100-to-vnet-hub00",
      "peer-vnet-spoke10-to-vnet-hub00",
    ]);
    expect(run.warnings).toEqual([]);
    expect(run.outputs.underlay).toMatch(/^no ExpressRoute gateway/);
  });
});

describe("config errors: one RunError naming every key", () => {
  it("a bad VNI and a missing ssh key are reported together, without a stack trace", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.sites[0].tunnel.vni = 0), l), sshPublicKey: null });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    const msg = (run.error as Error).message;
    expect(msg).toMatch(/^invalid stack config \(2 problems\):\n/);
    expect(msg).toContain("  - hub-spoke-vxlan:lab.sites[0].tunnel.vni: VNI 0 is outside 1..16777215");
    expect(msg).toContain("  - hub-spoke-vxlan:sshPublicKey: required");
    expect(run.resources.filter((r) => r.custom)).toHaveLength(0);
  });

  it("an authorization key for a VNet without a circuit is a problem; the key itself is never echoed", async () => {
    const run = await runProgram({ stack: "dev", authKeys: { "vnet-spoke10": AUTH_KEY } });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    const msg = (run.error as Error).message;
    expect(msg).toContain(
      "  - hub-spoke-vxlan:circuitAuthorizationKeys.vnet-spoke10: no deployed VNet named vnet-spoke10 has a gateway with a circuitId",
    );
    expect(msg).not.toContain(AUTH_KEY);
  });

  it("two VNets on one circuit with the same authorization key: a problem naming both, the key never echoed", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: withCircuits,
      authKeys: { "vnet-hub00": AUTH_KEY, "vnet-hub100": AUTH_KEY },
    });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    const msg = (run.error as Error).message;
    expect(msg).toContain(
      "  - hub-spoke-vxlan:circuitAuthorizationKeys.vnet-hub100: vnet-hub00, vnet-hub100 are given the same authorization key, but an authorization is valid for only one connection",
    );
    expect(msg).not.toContain(AUTH_KEY);
    const ok = await runProgram({
      stack: "dev",
      lab: withCircuits,
      authKeys: { "vnet-hub00": AUTH_KEY, "vnet-hub100": `${AUTH_KEY}-2` },
    });
    expect(ok.error).toBeUndefined();
  });

  it("the same authorization key pasted with surrounding whitespace on both VNets is still one key for two connections", async () => {
    const run = await runProgram({
      stack: "dev",
      lab: withCircuits,
      authKeys: { "vnet-hub00": `${AUTH_KEY}\n`, "vnet-hub100": `${AUTH_KEY}\n` },
    });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    const msg = (run.error as Error).message;
    expect(msg).toContain(
      "  - hub-spoke-vxlan:circuitAuthorizationKeys.vnet-hub100: vnet-hub00, vnet-hub100 are given the same authorization key",
    );
    expect(msg).not.toContain(AUTH_KEY);
    const padded = await runProgram({
      stack: "dev",
      lab: withCircuits,
      authKeys: { "vnet-hub00": ` ${AUTH_KEY}`, "vnet-hub100": ` ${AUTH_KEY}` },
    });
    expect((padded.error as Error).message).toContain("vnet-hub00, vnet-hub100 are given the same authorization key");
  });

  it("circuitAuthorizationKeys that is not an object of strings is one problem on its key, the value never echoed", async () => {
    const shape = "  - hub-spoke-vxlan:circuitAuthorizationKeys: must be an object mapping VNet names to authorization keys (strings)";
    // Values as `pulumi config set` stores them: the raw text, read as JSON by Config.getObject.
    for (const text of ["12345", "true", `"${AUTH_KEY}"`, `["${AUTH_KEY}"]`, "null", `{"vnet-hub00":"${AUTH_KEY}","vnet-hub100":12345}`]) {
      const run = await runProgram({
        stack: "dev",
        lab: withCircuits,
        extraConfig: { "hub-spoke-vxlan:circuitAuthorizationKeys": text },
      });
      expect(pulumi.RunError.isInstance(run.error), text).toBe(true);
      expect((run.error as Error).message.split("\n"), text).toEqual(["invalid stack config (1 problem):", shape]);
      expect(
        run.resources.filter((r) => r.custom),
        text,
      ).toHaveLength(0);
    }
  });

  it("circuitAuthorizationKeys that is not JSON at all: a RunError on its key that does not echo the (secret) text", async () => {
    const run = await runProgram({
      stack: "dev",
      extraConfig: { "hub-spoke-vxlan:circuitAuthorizationKeys": `{vnet-hub00: ${AUTH_KEY}` },
    });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    expect((run.error as Error).message.split("\n")).toEqual([
      "invalid stack config (1 problem):",
      "  - hub-spoke-vxlan:circuitAuthorizationKeys: cannot be read: not a JSON object",
    ]);
    expect((run.error as Error).message).not.toContain(AUTH_KEY);
  });

  it("a malformed ssh key and a missing location", async () => {
    const run = await runProgram({ stack: "dev", sshPublicKey: "-----BEGIN OPENSSH PRIVATE KEY-----", location: null });
    expect(pulumi.RunError.isInstance(run.error)).toBe(true);
    const msg = (run.error as Error).message;
    expect(msg).toContain("hub-spoke-vxlan:sshPublicKey: not an OpenSSH public key");
    expect(msg).toContain("azure-native:location: required");
    expect(msg).not.toMatch(/- hub-spoke-vxlan:lab/);
  });

  it("location may come from the lab instead of azure-native:location", async () => {
    const run = await runProgram({ stack: "dev", lab: (l: any) => ((l.location = "westeurope"), l), location: null });
    expect(run.error).toBeUndefined();
    expect(ofType(run, T.rg)[0]!.inputs.location).toBe("westeurope");
  });

  it("checkSettings accepts the key types Azure takes and rejects others", () => {
    const ok = (k: string) => checkSettings({ lab: undefined, sshPublicKey: k, location: "japaneast" }).ok;
    expect(ok(TEST_SSH_KEY)).toBe(true);
    // ECDSA is not among the types Azure takes (test/unit/config/rules/azure-names.test.ts has RSA sizes and blobs).
    expect(ok("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=")).toBe(false);
    expect(ok("ssh-dss AAAAB3NzaC1kc3MAAACBAP1")).toBe(false);
    expect(ok("ssh-ed25519")).toBe(false);
    expect(ok("")).toBe(false);
  });
});

describe("customData limit", () => {
  it("counts the decoded bytes (not the base64 text) and fails clearly over 65535 of them", () => {
    expect(Buffer.from(encodeCustomData("vm-a", "#cloud-config\n"), "base64").toString()).toBe("#cloud-config\n");
    // 65535 bytes exactly pass although their base64 is 87380 characters.
    const edge = encodeCustomData("vm-edge", "y".repeat(MAX_CUSTOM_DATA));
    expect(edge.length).toBe(87_380);
    expect(() => encodeCustomData("vm-big", "x".repeat(MAX_CUSTOM_DATA + 1))).toThrow(
      /^cloud-init for vm-big is 65536 bytes, over Azure's customData limit of 65535 bytes \(counted before base64 encoding\)$/,
    );
    // Bytes, not characters: 32768 two-byte characters are 65536 bytes.
    expect(() => encodeCustomData("vm-utf8", "é".repeat(32_768))).toThrow(/is 65536 bytes/);
  });
});

describe("other shipped stacks", () => {
  it("seed stack (fixes off): no VXLAN deny rule, still VXLAN only from the peer", async () => {
    const run = await runProgram({ stack: "seed" });
    expect(run.error).toBeUndefined();
    const rules = ofType(run, T.nsg).flatMap((n) => n.inputs.securityRules as any[]);
    expect(rules.some((r) => r.name === "deny-vxlan-others")).toBe(false);
    expect(
      rules
        .filter((r) => r.destinationPortRange === "4789")
        .map((r) => r.sourceAddressPrefix)
        .sort(),
    ).toEqual(["10.0.0.4/32", "10.100.0.4/32"]);
  });

  it("site #2 behind the spoke's own gateway: no tunnel to it, its host checks the spoke natively", async () => {
    const run = await runProgram({ stack: join(FIXTURES, "Pulumi.site2.yaml") });
    expect(run.error).toBeUndefined();
    expect((run.outputs.tunnels as any[]).map((t) => t.site)).toEqual(["vnet-hub100"]);
    expect(ofType(run, T.rt).some((r) => r.name.includes("spoke110"))).toBe(false);
    const all = run.outputs.checkCommands as Record<string, { runCommand: string[]; interactive: string[] }>;
    const cmds = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.interactive])) as Record<string, string[]>;
    expect(cmds["vm-spoke111"]).toEqual(["sudo traceroute -T -p 22 10.10.0.4  # to vm-spoke10"]);
    expect(cmds["vm-spoke10"]).toEqual([
      "sudo traceroute -T -p 22 10.100.0.5  # to vm-hub101",
      "sudo traceroute -T -p 22 10.110.0.5  # to vm-spoke111",
    ]);
    const gw = (n: string) => ofType(run, T.gw).find((g) => g.name === n)!.inputs.allowRemoteVnetTraffic;
    expect(gw("gw-vnet-spoke10")).toBe(true);
    expect(gw("gw-vnet-spoke110")).toBe(true);
  });
});
