// features.encryption wireguard under mocks: two RandomBytes (32 bytes) per tunnel, router customData
// carrying its key is a secret and is exactly the renderer's document for those keys; hosts stay plain;
// the on-premises site's files (its private key inside) are a secret output; the NSG admits the WireGuard port.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { filesFor, renderCloudInit } from "../../src/render/cloud-init.js";
import type { TunnelKeys } from "../../src/model/wireguard-keys.js";
import type { Lab } from "../../src/model/types.js";
import { FIXTURES } from "../support/stacks.js";
import { ofType, sharedRun, T, type RunResult } from "./harness.js";
import { rawLab, editedLab, encrypt } from "../support/config-edit.js";

const req = createRequire(__filename);
const { specialSigKey: SIG_KEY, specialSecretSig: SECRET_SIG } = req("@pulumi/pulumi/runtime/rpc") as {
  specialSigKey: string;
  specialSecretSig: string;
};
const RANDOM = "random:index/randomBytes:RandomBytes";
// What the harness's RandomBytes mock returns for a resource name.
const mockBytes = (name: string) => createHash("sha256").update(name).digest("base64");
const keysOf = (lab: Lab): TunnelKeys =>
  Object.fromEntries(lab.tunnels.map((t) => [t.site, { hub: mockBytes(`wg-${t.site}-hub`), site: mockBytes(`wg-${t.site}-site`) }]));

describe("dev stack, encrypted", () => {
  const lab = editedLab("dev", encrypt);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: "dev", lab: rawLab("dev", encrypt) });
  });

  it("declares one 32-byte RandomBytes per tunnel end", () => {
    expect(run.error).toBeUndefined();
    const r = ofType(run, RANDOM);
    expect(r.map((x) => x.name).sort()).toEqual(["wg-vnet-hub100-hub", "wg-vnet-hub100-site"]);
    for (const x of r) expect(x.inputs.length).toBe(32);
  });

  it("routers' customData is secret and is the rendered document for those keys; hosts' is plain", () => {
    const keys = keysOf(lab);
    for (const vmRes of ofType(run, T.vm)) {
      const vm = lab.vms.find((v) => v.name === vmRes.name)!;
      // A secret reaches the mock wrapped in Pulumi's secret signature (the engine stores it encrypted).
      const raw = vmRes.inputs.osProfile;
      const secret = raw[SIG_KEY] === SECRET_SIG;
      const os = secret ? raw.value : raw;
      const doc = Buffer.from(os.customData, "base64").toString("utf8");
      if (vm.role === "router") {
        expect(secret, vm.name).toBe(true);
        expect(doc).toBe(renderCloudInit(lab, vm, keys));
        expect(doc).toContain("wireguard-tools");
      } else {
        expect(secret, vm.name).toBe(false);
        expect(doc).toBe(renderCloudInit(lab, vm));
      }
    }
  });

  it("the hub router's NSG admits UDP 51820 from the site router only", () => {
    const nsg = ofType(run, T.nsg).find((n) => n.name === "nsg-vnet-hub00-default")!;
    const rule = nsg.inputs.securityRules.find((r: { name: string }) => r.name === "allow-wireguard-vm-hub100");
    expect(rule).toMatchObject({ protocol: "Udp", access: "Allow", destinationPortRange: "51820", sourceAddressPrefix: "10.100.0.4/32" });
  });

  it("the tunnels output names the link, and no output holds a key", () => {
    expect(run.outputs.tunnels).toMatchObject([{ wireguard: { device: "wg0", port: 51820, mtu: 1340 }, mtu: 1290, mss: 1250 }]);
    const plain = JSON.stringify(Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k))));
    for (const k of Object.values(keysOf(lab)).flatMap((x) => [x.hub, x.site])) expect(plain).not.toContain(k);
  });
});

describe("3x4 stack, encrypted: the on-premises router's files", () => {
  const STACK = join(FIXTURES, "Pulumi.3x4.yaml");
  const lab = editedLab(STACK, encrypt);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: STACK, lab: rawLab(STACK, encrypt) });
  });
  it("onpremSites is a secret output with the router's document and files for its keys", () => {
    expect(run.error).toBeUndefined();
    expect(run.secretOutputs).toContain("onpremSites");
    const onprem = run.outputs.onpremSites as Record<string, { cloudInit: string; files: unknown }>;
    const router = lab.vms.find((v) => v.vnet === "vnet-site103" && v.role === "router")!;
    expect(onprem["vnet-site103"]!.cloudInit).toBe(renderCloudInit(lab, router, keysOf(lab)));
    expect(onprem["vnet-site103"]!.files).toEqual(filesFor(lab, router, keysOf(lab)));
    expect(ofType(run, RANDOM)).toHaveLength(2 * lab.tunnels.length);
  });
});
