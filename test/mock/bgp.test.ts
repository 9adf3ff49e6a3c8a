// routing: bgp under mocks: one RandomPassword per tunnel (32 letters and digits), routers' customData
// carrying it is a secret and is exactly the renderer's document for those passwords; no plain output
// holds one; an on-premises site's router files (its password inside) are a secret output.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { filesFor, renderCloudInit } from "../../src/render/cloud-init.js";
import type { TunnelKeys } from "../../src/model/wireguard-keys.js";
import type { Lab } from "../../src/model/types.js";
import { FIXTURES } from "../support/stacks.js";
import { ofType, sharedRun, T, type RunResult } from "./harness.js";
import { bgp, editedLab, rawLab } from "../support/config-edit.js";

const req = createRequire(__filename);
const { specialSigKey: SIG_KEY, specialSecretSig: SECRET_SIG } = req("@pulumi/pulumi/runtime/rpc") as {
  specialSigKey: string;
  specialSecretSig: string;
};
const PASSWORD = "random:index/randomPassword:RandomPassword";
// What the harness's RandomPassword mock returns for a resource name (length 32).
const mockPassword = (name: string) => createHash("sha256").update(name).digest("hex").slice(0, 32);
const passwordsOf = (lab: Lab): TunnelKeys => Object.fromEntries(lab.tunnels.map((t) => [t.site, { bgp: mockPassword(`bgp-${t.site}`) }]));

describe("dev stack, routing: bgp", () => {
  const lab = editedLab("dev", bgp);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: "dev", lab: rawLab("dev", bgp) });
  });

  it("declares one RandomPassword per tunnel: 32 long, letters and digits only", () => {
    expect(run.error).toBeUndefined();
    const r = ofType(run, PASSWORD);
    expect(r.map((x) => x.name)).toEqual(["bgp-vnet-hub100"]);
    expect(r[0]!.inputs).toMatchObject({ length: 32, special: false, upper: true, lower: true, numeric: true });
  });

  it("routers' customData is secret and is the rendered document for those passwords; no plain output holds one", () => {
    for (const name of ["vm-hub00", "vm-hub100"]) {
      const vm = lab.vms.find((v) => v.name === name)!;
      const raw = ofType(run, T.vm).find((r) => r.name === name)!.inputs.osProfile;
      expect(raw[SIG_KEY], name).toBe(SECRET_SIG);
      const doc = Buffer.from(raw.value.customData, "base64").toString("utf8");
      expect(doc).toBe(renderCloudInit(lab, vm, passwordsOf(lab)));
      expect(doc).toContain(`password ${mockPassword("bgp-vnet-hub100")}`);
    }
    const plain = JSON.stringify(Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k))));
    expect(plain).not.toContain(mockPassword("bgp-vnet-hub100"));
  });
});

// Review finding: onpremSites rendered an on-premises router's files without the passwords (the
// program stopped: "no password was given") because it asked for secrets with WireGuard only.
describe("3x4 stack, routing: bgp: the on-premises router's files", () => {
  const STACK = join(FIXTURES, "Pulumi.3x4.yaml");
  const lab = editedLab(STACK, bgp);
  let run: RunResult;
  beforeEach(async () => {
    run = await sharedRun({ stack: STACK, lab: rawLab(STACK, bgp) });
  });
  it("onpremSites is a secret output with the router's document and files for its password", () => {
    expect(run.error).toBeUndefined();
    expect(run.secretOutputs).toContain("onpremSites");
    const onprem = run.outputs.onpremSites as Record<string, { cloudInit: string; files: unknown }>;
    const router = lab.vms.find((v) => v.vnet === "vnet-site103" && v.role === "router")!;
    expect(onprem["vnet-site103"]!.cloudInit).toBe(renderCloudInit(lab, router, passwordsOf(lab)));
    expect(onprem["vnet-site103"]!.files).toEqual(filesFor(lab, router, passwordsOf(lab)));
    expect(ofType(run, PASSWORD)).toHaveLength(lab.tunnels.length);
  });
});
