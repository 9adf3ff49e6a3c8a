// The stack's settings (src/azure/config.ts checkSettings) and the SSH key check (ssh-key.ts):
// every problem of every key in one report, the way `pulumi up` prints it.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkSettings } from "../../src/azure/config.js";
import { sshKeyProblem } from "../../src/platform/ssh-key.js";
import { TEST_SSH_KEY } from "./harness.js";
import { CIRCUIT } from "../support/circuits.js";
import { rawLab } from "../support/config-edit.js";

const lab = (edit: (l: any) => void = () => {}) => {
  const l = rawLab();
  edit(l);
  return l;
};
const fail = (r: ReturnType<typeof checkSettings>) => {
  expect(r.ok).toBe(false);
  return (r as { message: string }).message.split("\n");
};

describe("checkSettings", () => {
  it("a complete config: the settings carry the built lab, the trimmed key, the location and the key names", () => {
    const r = checkSettings({
      lab: lab((l) => ((l.hub.gateway.circuitId = CIRCUIT), (l.sites[0].gateway.circuitId = CIRCUIT))),
      sshPublicKey: ` ${TEST_SSH_KEY} `,
      location: "japaneast",
      authKeyNames: ["vnet-hub00"],
    });
    expect(r.ok).toBe(true);
    const s = (r as Extract<typeof r, { ok: true }>).settings;
    expect(s).toMatchObject({ sshPublicKey: TEST_SSH_KEY, location: "japaneast", authKeyNames: ["vnet-hub00"] });
    expect(s.lab.vnets.map((v) => v.name)).toEqual(["vnet-hub00", "vnet-spoke10", "vnet-hub100"]);
    const noKeys = checkSettings({ lab: undefined, sshPublicKey: TEST_SSH_KEY, location: "japaneast" });
    expect(noKeys.ok && noKeys.settings.authKeyNames).toEqual([]);
  });

  it("no SSH key, no location: both required, with the command to set them", () => {
    expect(fail(checkSettings({ lab: undefined }))).toEqual([
      "invalid stack config (2 problems):",
      '  - hub-spoke-vxlan:sshPublicKey: required: pulumi config set hub-spoke-vxlan:sshPublicKey "$(cat ~/.ssh/id_ed25519.pub)"',
      "  - azure-native:location: required: pulumi config set azure-native:location <region> (or set location in hub-spoke-vxlan:lab)",
    ]);
    expect(fail(checkSettings({ lab: undefined, sshPublicKey: "   ", location: "japaneast" }))[1]).toMatch(/sshPublicKey: required/);
  });

  it("lab.location stands in for azure-native:location", () => {
    expect(checkSettings({ lab: lab((l) => (l.location = "japanwest")), sshPublicKey: TEST_SSH_KEY }).ok).toBe(true);
  });

  it("key problems, a lab that cannot be read, and lab problems are all reported, each on its key", () => {
    expect(
      fail(
        checkSettings({
          lab: undefined,
          keyProblems: [{ key: "hub-spoke-vxlan:labz", message: "unknown key" }],
          labReadError: "cannot be read as JSON: x",
          sshPublicKey: TEST_SSH_KEY,
          location: "japaneast",
        }),
      ),
    ).toEqual([
      "invalid stack config (2 problems):",
      "  - hub-spoke-vxlan:labz: unknown key",
      "  - hub-spoke-vxlan:lab: cannot be read as JSON: x",
    ]);
    expect(fail(checkSettings({ lab: lab((l) => (l.vxlan = { port: 0 })), sshPublicKey: TEST_SSH_KEY, location: "japaneast" }))).toEqual([
      "invalid stack config (1 problem):",
      "  - hub-spoke-vxlan:lab.vxlan.port: port 0 is outside 1..65535",
    ]);
  });

  it("an empty lab is a key problem, never the seed lab (the lab is not built)", () => {
    const lines = fail(
      checkSettings({
        lab: { vxlan: { port: 0 } },
        keyProblems: [{ key: "hub-spoke-vxlan:lab", message: "is present but empty" }],
        sshPublicKey: TEST_SSH_KEY,
        location: "japaneast",
      }),
    );
    expect(lines).toEqual(["invalid stack config (1 problem):", "  - hub-spoke-vxlan:lab: is present but empty"]);
  });

  it("an authorization key for a VNet without a circuit, or for no VNet", () => {
    const base = { sshPublicKey: TEST_SSH_KEY, location: "japaneast" };
    expect(
      fail(
        checkSettings({
          ...base,
          lab: lab((l) => ((l.hub.gateway.circuitId = CIRCUIT), (l.sites[0].gateway.circuitId = CIRCUIT))),
          authKeyNames: ["vnet-hub00", "vnet-spoke10", "nope"],
        }),
      ),
    ).toEqual([
      "invalid stack config (2 problems):",
      "  - hub-spoke-vxlan:circuitAuthorizationKeys.vnet-spoke10: no deployed VNet named vnet-spoke10 has a gateway with a circuitId",
      "  - hub-spoke-vxlan:circuitAuthorizationKeys: an entry's name is not a VNet of this lab with a circuit (not printed: it may be a key); the VNets that can take a key: vnet-hub00, vnet-hub100; each entry is <VNet name>: <key>, so a name and its key may have been swapped",
    ]);
    expect(fail(checkSettings({ ...base, lab: undefined, authKeysReadError: "must be an object" }))).toEqual([
      "invalid stack config (1 problem):",
      "  - hub-spoke-vxlan:circuitAuthorizationKeys: must be an object",
    ]);
  });

  it("one authorization key for two connections (an authorization is valid for only one connection)", () => {
    const r = checkSettings({
      lab: lab(
        (l) => ((l.hub.gateway.circuitId = CIRCUIT), (l.sites[0].gateway.circuitId = CIRCUIT), (l.spokes[0].gateway.circuitId = CIRCUIT)),
      ),
      sshPublicKey: TEST_SSH_KEY,
      location: "japaneast",
      authKeyNames: ["vnet-hub00", "vnet-spoke10"],
      sharedAuthKeys: [["vnet-hub00", "vnet-spoke10"]],
    });
    expect(fail(r)).toEqual([
      "invalid stack config (1 problem):",
      "  - hub-spoke-vxlan:circuitAuthorizationKeys.vnet-spoke10: vnet-hub00, vnet-spoke10 are given the same authorization key, but an authorization is valid for only one connection: ask the circuit owner for one per VNet",
    ]);
  });

  it("ErGwScale against azure-native:location only when the lab has no location of its own", () => {
    const scalable = (l: any) => ((l.hub.gateway = { sku: "ErGwScale" }), (l.hub.subnets[1].prefix = "10.0.255.0/26"));
    expect(fail(checkSettings({ lab: lab(scalable), sshPublicKey: TEST_SSH_KEY, location: "westeurope" }))[1]).toBe(
      '  - hub-spoke-vxlan:lab.hub.gateway.sku: ErGwScale is not offered in West Europe (azure-native:location "westeurope"); use ErGw1AZ, ErGw2AZ or ErGw3AZ there, or another region (https://learn.microsoft.com/azure/expressroute/scalable-gateway)',
    );
    expect(
      checkSettings({ lab: lab((l) => (scalable(l), (l.location = "japanwest"))), sshPublicKey: TEST_SSH_KEY, location: "westeurope" }).ok,
    ).toBe(true);
  });
});

describe("sshKeyProblem (Azure: SSH-2 RSA of at least 2048 bits, or ED25519)", () => {
  const rsa = (bits: number) =>
    generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ format: "jwk" }) as { n: string; e: string };
  const rsaLine = (bits: number) => {
    const { n, e } = rsa(bits);
    const mp = (b64url: string) => {
      let b = Buffer.from(b64url, "base64url");
      if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
      return b;
    };
    const str = (b: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]); // an SSH wire string (RFC 4253 §5)
    };
    const blob = Buffer.concat([str(Buffer.from("ssh-rsa")), str(mp(e)), str(mp(n))]);
    return `ssh-rsa ${blob.toString("base64")} me@host`;
  };
  it("2048 bits is enough, 2047 is not; ed25519 without a comment is fine", () => {
    expect(sshKeyProblem(rsaLine(2048))).toBeUndefined();
    expect(sshKeyProblem(rsaLine(1536))).toBe("RSA key of 1536 bits; Azure needs at least 2048");
    expect(sshKeyProblem(TEST_SSH_KEY.split(" ").slice(0, 2).join(" "))).toBeUndefined();
  });
  it("types Azure does not accept", () => {
    expect(sshKeyProblem("ecdsa-sha2-nistp256 AAAA")).toBe(
      "ecdsa-sha2-nistp256 keys are not accepted by Azure (RSA of at least 2048 bits or ssh-ed25519 only)",
    );
    expect(sshKeyProblem("sk-ssh-ed25519@openssh.com AAAA")).toMatch(/^sk-ssh-ed25519@openssh.com keys are not accepted by Azure/);
    expect(sshKeyProblem("ssh-dss AAAA")).toBe('"ssh-dss" is not a key type Azure accepts (ssh-rsa of at least 2048 bits, or ssh-ed25519)');
  });
  it("malformed lines and data", () => {
    expect(sshKeyProblem("-----BEGIN OPENSSH PRIVATE KEY-----")).toBe(
      "not an OpenSSH public key: this is a PEM or private key (use the contents of the .pub file)",
    );
    expect(sshKeyProblem("ssh-ed25519")).toMatch(/^not an OpenSSH public key line/);
    expect(sshKeyProblem("ssh-ed25519 AAA$")).toMatch(/^not an OpenSSH public key line/);
    const [type, b64] = TEST_SSH_KEY.split(" ") as [string, string];
    expect(sshKeyProblem(`${type} ${b64.slice(0, -4)}`)).toBe("the ssh-ed25519 key data is malformed (expected one 32-byte key)");
    expect(sshKeyProblem(`ssh-rsa ${b64}`)).toBe("the key says ssh-rsa but its data holds a ssh-ed25519 key");
    expect(sshKeyProblem("ssh-ed25519 AAAA")).toBe("the key says ssh-ed25519 but its data holds no key type");
  });
});

describe("the emulation judges an SSH key the way pulumi up does", () => {
  it("test/errors/ssh-key-ecdsa.yml: the line the CLI prints is the line checkSettings prints", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { ROOT } = await import("../support/cli.js");
    const log = readFileSync(join(ROOT, "test/errors/ssh-key-ecdsa.log"), "utf8").split("\n");
    const key = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= me@host";
    const r = checkSettings({ lab: undefined, sshPublicKey: key, location: "japaneast" });
    expect(r.ok).toBe(false);
    const pulumiLines = (r as { message: string }).message.split("\n");
    expect(log[1]).toMatch(/^ {2}- hub-spoke-vxlan:sshPublicKey: ecdsa-sha2-nistp256 keys are not accepted by Azure/);
    expect(pulumiLines).toContain(log[1]);
  });
});
