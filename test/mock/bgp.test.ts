// routing: bgp under mocks: one RandomPassword per tunnel (32 letters and digits, no special
// characters), its result secret; every router's customData is then a secret and is exactly the
// renderer's document for those passwords; no plain output and no warning holds a password. With
// routing static there is none, and routers' customData stays plain unless encryption is on.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { renderCloudInit } from "../../src/render/cloud-init.js";
import { mockPassword } from "../../src/azure/mock-program.js";
import { BGP_PASSWORD_LENGTH } from "../../src/azure/wireguard.js";
import { BGP_PASSWORD } from "../../src/model/wireguard-keys.js";
import type { Lab } from "../../src/model/types.js";
import type { TunnelKeys } from "../../src/model/wireguard-keys.js";
import { FIXTURES } from "../support/stacks.js";
import { ofType, sharedRun, T, type Registered, type RunResult } from "./harness.js";
import { bgp, editedLab, encrypt, rawLab, type Edit } from "../support/config-edit.js";
import { nonEmpty } from "../support/non-empty.js";

const req = createRequire(__filename);
const { specialSigKey: SIG_KEY, specialSecretSig: SECRET_SIG } = req("@pulumi/pulumi/runtime/rpc") as {
  specialSigKey: string;
  specialSecretSig: string;
};
const PASSWORD = "random:index/randomPassword:RandomPassword";
const BYTES = "random:index/randomBytes:RandomBytes";

// What the harness's RandomBytes mock returns for a resource name.
const mockBytes = (name: string) => createHash("sha256").update(name).digest("base64");
/** The passwords the mocks hand the program, by tunnel site (what the real provider would draw at random). */
const passwordsOf = (lab: Lab): Record<string, string> =>
  Object.fromEntries(lab.tunnels.map((t) => [t.site, mockPassword(`bgp-${t.site}`, BGP_PASSWORD_LENGTH)]));

/** Every tunnel's secrets as the mocks make them: its password and (encrypted) both ends' keys. */
const keysOf = (lab: Lab, encrypted: boolean): TunnelKeys =>
  Object.fromEntries(
    lab.tunnels.map((t) => [
      t.site,
      {
        bgp: passwordsOf(lab)[t.site]!,
        ...(encrypted ? { hub: mockBytes(`wg-${t.site}-hub`), site: mockBytes(`wg-${t.site}-site`) } : {}),
      },
    ]),
  );

/** A VM's osProfile as the engine received it: secret (wrapped in Pulumi's signature) or not, and its document. */
function customDataOf(vm: Registered): { secret: boolean; doc: string } {
  const raw = vm.inputs.osProfile;
  const secret = raw[SIG_KEY] === SECRET_SIG;
  const os = secret ? raw.value : raw;
  return { secret, doc: Buffer.from(os.customData, "base64").toString("utf8") };
}

/** Every plain output and every warning, as one text. */
const plainText = (run: RunResult) =>
  JSON.stringify([Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k))), run.warnings]);

const STACK_3X4 = join(FIXTURES, "Pulumi.3x4.yaml");

describe("the mock's RandomPassword", () => {
  it("is fixed per name, the length asked for, letters and digits only, and differs between names", () => {
    const a = mockPassword("bgp-vnet-hub100", 32);
    expect(a).toHaveLength(32);
    expect(a).toMatch(BGP_PASSWORD);
    expect(mockPassword("bgp-vnet-hub100", 32)).toBe(a);
    expect(mockPassword("bgp-vnet-site100", 32)).not.toBe(a);
    expect(mockPassword("x", 80)).toHaveLength(80);
  });
});

const variants: { name: string; stack: string; edits: Edit[]; encrypted: boolean }[] = [
  { name: "dev, routing bgp", stack: "dev", edits: [bgp], encrypted: false },
  { name: "3x4, routing bgp", stack: STACK_3X4, edits: [bgp], encrypted: false },
  { name: "dev, routing bgp over WireGuard", stack: "dev", edits: [bgp, encrypt], encrypted: true },
];

describe.each(nonEmpty(variants))("$name", ({ stack, edits, encrypted }) => {
  const lab = editedLab(stack, ...edits);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack, lab: rawLab(stack, ...edits) });
  });

  it("declares one RandomPassword per tunnel: length 32, no special characters, letters and digits", () => {
    expect(run.error).toBeUndefined();
    const pw = ofType(run, PASSWORD);
    expect(pw.map((p) => p.name).sort()).toEqual(lab.tunnels.map((t) => `bgp-${t.site}`).sort());
    for (const p of pw) {
      expect(p.inputs).toMatchObject({ length: 32, special: false, upper: true, lower: true, numeric: true });
      // Its result is secret in the state whatever its inputs (the provider's additionalSecretOutputs).
      expect(p.additionalSecretOutputs).toContain("result");
    }
    // WireGuard keys only when encrypted.
    expect(ofType(run, BYTES)).toHaveLength(encrypted ? 2 * lab.tunnels.length : 0);
  });

  it("every router's customData is secret and is the rendered document for those passwords; hosts' is plain", () => {
    const keys = keysOf(lab, encrypted);
    const vms = ofType(run, T.vm);
    expect(vms.length).toBeGreaterThan(0);
    for (const vmRes of vms) {
      const vm = lab.vms.find((v) => v.name === vmRes.name)!;
      const { secret, doc } = customDataOf(vmRes);
      if (vm.role === "router") {
        expect(secret, vm.name).toBe(true);
        for (const t of lab.tunnels.filter((t) => t.hubEnd.vm === vm.name || t.siteEnd.vm === vm.name))
          expect(doc, vm.name).toContain(`password ${keys[t.site]!.bgp}\n`);
        expect(doc).toBe(renderCloudInit(lab, vm, keys));
      } else {
        expect(secret, vm.name).toBe(false);
        expect(doc).toBe(renderCloudInit(lab, vm));
      }
    }
  });

  it("no plain output and no warning holds a password", () => {
    const text = plainText(run);
    const passwords = Object.values(passwordsOf(lab));
    expect(passwords.length).toBe(lab.tunnels.length);
    for (const p of passwords) expect(text).not.toContain(p);
    // The comparison can fail: a password in the text is found.
    expect(`${text}${passwords[0]}`).toContain(passwords[0]);
  });
});

describe("3x4, routing bgp: the on-premises router's document", () => {
  const lab = editedLab(STACK_3X4, bgp);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: STACK_3X4, lab: rawLab(STACK_3X4, bgp) });
  });
  it("onpremSites is a secret output (its frr.conf holds the session's password)", () => {
    expect(run.error).toBeUndefined();
    expect(run.secretOutputs).toContain("onpremSites");
    const onprem = run.outputs.onpremSites as Record<string, { cloudInit: string }>;
    const keys = keysOf(lab, false);
    const router = lab.vms.find((v) => v.vnet === "vnet-site103" && v.role === "router")!;
    expect(onprem["vnet-site103"]!.cloudInit).toBe(renderCloudInit(lab, router, keys));
    expect(onprem["vnet-site103"]!.cloudInit).toContain(`password ${keys["vnet-site103"]!.bgp}\n`);
  });
});

describe.each(nonEmpty([{ stack: "dev" }, { stack: STACK_3X4 }]))("$stack, routing static", ({ stack }) => {
  const lab = editedLab(stack);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack, lab: rawLab(stack) });
  });
  it("no RandomPassword (nor RandomBytes), and every VM's customData is plain, the renderer's document", () => {
    expect(run.error).toBeUndefined();
    expect(ofType(run, PASSWORD)).toEqual([]);
    expect(ofType(run, BYTES)).toEqual([]);
    for (const vmRes of ofType(run, T.vm)) {
      const vm = lab.vms.find((v) => v.name === vmRes.name)!;
      const { secret, doc } = customDataOf(vmRes);
      expect(secret, vm.name).toBe(false);
      expect(doc).toBe(renderCloudInit(lab, vm));
      expect(doc).not.toContain("router bgp");
    }
  });
});

describe("dev, routing static, encrypted", () => {
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: "dev", lab: rawLab("dev", encrypt) });
  });
  it("no RandomPassword; routers' customData is secret for the WireGuard keys only", () => {
    expect(run.error).toBeUndefined();
    expect(ofType(run, PASSWORD)).toEqual([]);
    const lab = editedLab("dev", encrypt);
    for (const vmRes of ofType(run, T.vm)) {
      const vm = lab.vms.find((v) => v.name === vmRes.name)!;
      expect(customDataOf(vmRes).secret, vm.name).toBe(vm.role === "router");
      expect(customDataOf(vmRes).doc).not.toContain("router bgp");
    }
  });
});
