// Names, user names, SSH keys and VXLAN ports Azure refuses are refused at config time, with key and rule.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkSettings } from "../../../../src/azure/config.js";
import { sshKeyProblem } from "../../../../src/platform/ssh-key.js";
import { buildLab, tryBuildLab } from "../../../../src/model/build.js";
import { expectOnly, extraSpoke, problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { rawLab } from "../../../support/config-edit.js";

describe("config names Azure refuses", () => {
  it("VNet name of one character", () =>
    expectOnly((c) => (c.spokes[0].name = "s"), "spokes[0].name", 'VNet name "s" is 1 characters; Azure allows 2..64'));
  it("VNet name ending in '-'", () =>
    expectOnly(
      (c) => (c.spokes[0].name = "vnet-spoke10-"),
      "spokes[0].name",
      `VNet name "vnet-spoke10-" must end with a letter, digit or '_'`,
    ));
  it("VNet name with a space", () =>
    expectOnly(
      (c) => (c.spokes[0].name = "vnet spoke"),
      "spokes[0].name",
      `VNet name "vnet spoke" has ' '; Azure allows letters, digits, '_', '.' and '-'`,
    ));
  it("VNet name of 65 characters", () =>
    expectOnly((c) => (c.spokes[0].name = "v".repeat(65)), "spokes[0].name", /is 65 characters; Azure allows 2\.\.64/));
  it("subnet name starting with '.'", () =>
    expectOnly(
      (c) => (c.spokes[0].subnets[0].name = ".default"),
      "spokes[0].subnets[0].name",
      `subnet name ".default" must start with a letter or digit`,
    ));
  it("empty subnet name", () =>
    expect(problemsOf((c) => (c.spokes[0].subnets[0].name = ""))).toContainEqual({
      key: "spokes[0].subnets[0].name",
      message: 'subnet name "" is 0 characters; Azure allows 1..80',
    }));
  it("resource group ending in '.'", () =>
    expectOnly(
      (c) => (c.resourceGroupName = "rg-lab."),
      "resourceGroupName",
      `resource group name "rg-lab." must end with anything but '.'`,
    ));
  it("resource group with parentheses is fine (Azure allows them)", () =>
    expect(problemsOf((c) => (c.resourceGroupName = "rg-(lab)"))).toEqual([]));
  it("VM name ending in '-'", () =>
    expectOnly(
      (c) => (c.spokes[0].hosts[0].name = "vm-spoke10-"),
      "spokes[0].hosts[0].name",
      `VM name "vm-spoke10-" must end with anything but '.' or '-'`,
    ));
  it.each(nonEmpty(["root", "admin", "test1", "support_388945a0"]))("reserved admin user %s", (u) =>
    expectOnly((c) => (c.adminUsername = u), "adminUsername", new RegExp(`^"${u}" is a user name Azure does not allow for VMs`)),
  );
  it("an onprem site's names are not Azure names", () => {
    const c = rawLab();
    // A valid onprem variant of the seed: no gateway on the site.
    c.sites[0].kind = "onprem";
    delete c.sites[0].gateway;
    c.sites[0].subnets = c.sites[0].subnets.filter((s: { name: string }) => s.name !== "GatewaySubnet");
    expect(tryBuildLab(c)).toMatchObject({ ok: true });
  });
});

describe("derived names within Azure's limits, reported on the key that makes them long", () => {
  const long = "s".repeat(75); // a valid subnet name (<= 80), but nsg-vnet-spoke10-<75> is 92
  it("NSG and route table names from a long subnet name", () =>
    expectOnly(
      (c) => (c.spokes[0].subnets[0].name = long),
      "spokes[0].subnets[0].name",
      `NSG name "nsg-vnet-spoke10-${long}" is 92 characters; Azure allows 1..80 (derived from spokes[0].name and spokes[0].subnets[0].name); shorten spokes[0].subnets[0].name`,
    ));
  it("peering names from two long VNet names: on the longer one", () => {
    const problems = problemsOf((c) => {
      c.hub.name = "h".repeat(40);
      c.spokes[0].name = "p".repeat(45);
      c.sites[0].attach = "hub";
    });
    expect(problems).toEqual([
      {
        key: "spokes[0].name",
        message: expect.stringMatching(
          /^peering name "peer-h{40}-to-p{45}" is 94 characters; Azure allows 1\.\.80 \(derived from hub\.name and spokes\[0\]\.name\); shorten spokes\[0\]\.name$/,
        ),
      },
    ]);
  });
  it("the model's names are the ones checked", () => {
    const lab = buildLab(undefined);
    expect(lab.nsgs.map((n) => n.name)).toContain("nsg-vnet-spoke10-default");
    expect(lab.peerings.map((p) => p.name)).toContain("peer-vnet-hub00-to-vnet-spoke10");
    expect(lab.vms.map((v) => v.nicName)).toContain("nic-vm-hub00");
  });
});

describe("VXLAN ports Azure blocks or reserves", () => {
  it.each(nonEmpty([67, 68, 65330]))("port %d", (port) =>
    expectOnly((c) => (c.vxlan = { port }), "vxlan.port", new RegExp(`^port ${port} cannot carry VXLAN on Azure: .*VNet FAQ`)),
  );
  it("4789 and 8472 are fine", () => {
    expect(problemsOf((c) => (c.vxlan = { port: 4789 }))).toEqual([]);
    expect(problemsOf((c) => (c.vxlan = { port: 8472 }))).toEqual([]);
  });
});

// OpenSSH public key lines built from real keys: string type, then the type's fields (RFC 4253 §6.6).
const sshString = (b: Buffer) => Buffer.concat([u32(b.length), b]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const mpint = (b: Buffer) => sshString(b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const line = (type: string, ...fields: Buffer[]) => `${type} ${Buffer.concat(fields).toString("base64")} me@host`;
function rsaLine(bits: number, outer = "ssh-rsa"): string {
  const jwk = generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" });
  return line(outer, sshString(Buffer.from("ssh-rsa")), mpint(Buffer.from(jwk.e!, "base64url")), mpint(Buffer.from(jwk.n!, "base64url")));
}
function ed25519Line(outer = "ssh-ed25519"): string {
  const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  return line(outer, sshString(Buffer.from("ssh-ed25519")), sshString(Buffer.from(jwk.x!, "base64url")));
}

describe("SSH keys Azure takes: RSA >= 2048 bits, ed25519", () => {
  it("accepts RSA 2048 and 4096, and ed25519", () => {
    expect(sshKeyProblem(rsaLine(2048))).toBeUndefined();
    expect(sshKeyProblem(rsaLine(4096))).toBeUndefined();
    expect(sshKeyProblem(ed25519Line())).toBeUndefined();
  });
  it("refuses RSA 1024", () => expect(sshKeyProblem(rsaLine(1024))).toBe("RSA key of 1024 bits; Azure needs at least 2048"));
  it("refuses ECDSA", () =>
    expect(sshKeyProblem("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=")).toBe(
      "ecdsa-sha2-nistp256 keys are not accepted by Azure (RSA of at least 2048 bits or ssh-ed25519 only)",
    ));
  it("refuses a blob whose inner type is not the outer one", () => {
    expect(sshKeyProblem(ed25519Line("ssh-rsa"))).toBe("the key says ssh-rsa but its data holds a ssh-ed25519 key");
    expect(sshKeyProblem(rsaLine(2048, "ssh-ed25519"))).toBe("the key says ssh-ed25519 but its data holds a ssh-rsa key");
  });
  it("refuses truncated data and a private key", () => {
    expect(sshKeyProblem(ed25519Line().replace(/ \S+ /, (m) => m.slice(0, -9) + " "))).toMatch(/malformed/);
    expect(sshKeyProblem("-----BEGIN OPENSSH PRIVATE KEY-----")).toMatch(/^not an OpenSSH public key: this is a PEM or private key/);
  });
  it("checkSettings reports it on hub-spoke-vxlan:sshPublicKey", () => {
    const r = checkSettings({ lab: undefined, sshPublicKey: rsaLine(1024), location: "japaneast" });
    expect(r).toMatchObject({
      ok: false,
      message: "invalid stack config (1 problem):\n  - hub-spoke-vxlan:sshPublicKey: RSA key of 1024 bits; Azure needs at least 2048",
    });
  });
});

// Which VNets' names reach Azure, and on which key a problem lands (surviving mutants of rules/azure-names.ts).
describe("Azure names: which VNets and VMs are checked", () => {
  // VM names: "Can't end with period or hyphen" (resource-name-rules, Microsoft.Compute virtualMachines);
  // the schema's [a-z0-9][a-z0-9-]{0,30} lets a trailing '-' through, so the router's own name is checked here.
  it("a router name ending in '-' is refused on the router's key", () =>
    expectOnly((c) => (c.hub.router.name = "vm-hub00-"), "hub.router.name", `VM name "vm-hub00-" must end with anything but '.' or '-'`));
  it("an onprem site is not deployed to Azure, so its VNet name is not held to Azure's 2..64", () =>
    expect(
      problemsOf((c) => {
        Object.assign(c.sites[0], { kind: "onprem", name: "x" });
        delete c.sites[0].gateway;
      }),
    ).toEqual([]));
  it("VNet names differing only in case: the duplicate alone, not also its derived NSG and route table", () =>
    expectOnly(
      (c) => void extraSpoke(c, "VNET-SPOKE10", 11, "vm-spoke11"),
      "spokes[1].name",
      'duplicate VNet name "VNET-SPOKE10" (also spokes[0].name)',
    ));
  // peer-<hub>-to-<site>: "vnet-hub00" (10) and a 64-character site name make 5 + 10 + 4 + 64 = 83 > 80.
  it("a peering site's peering names are checked like a spoke's", () => {
    const long = "v".repeat(64);
    expectOnly(
      (c) => {
        Object.assign(c.sites[0], { kind: "peering", name: long });
        delete c.sites[0].gateway;
        delete c.sites[0].tunnel;
      },
      "sites[0].name",
      `peering name "peer-vnet-hub00-to-${long}" is 83 characters; Azure allows 1..80 (derived from hub.name and sites[0].name); shorten sites[0].name`,
    );
  });
});
