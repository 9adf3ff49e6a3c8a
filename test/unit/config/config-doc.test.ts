// docs/configuration.md is generated from the schema: it must be what the generator writes now (else
// `npm run docs:config`), list every key, and carry the seed's defaults as written here by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_DOC_PATH, configDoc, keyRows } from "../../../src/config/config-doc.js";

const row = (doc: string, key: string) => doc.split("\n").find((l) => l.startsWith(`| \`${key}\` |`));

describe("docs/configuration.md", () => {
  it("is what npm run docs:config writes (run it after a schema change)", () => {
    expect(readFileSync(CONFIG_DOC_PATH, "utf8"), "docs/configuration.md is stale: run npm run docs:config").toBe(configDoc());
  });

  it("is deterministic", () => {
    expect(configDoc()).toBe(configDoc());
  });

  it("has a row for every key, the project's keys too", () => {
    const doc = configDoc();
    for (const key of [
      "resourceGroupName",
      "vmSize",
      "hub.router.address",
      "spokes[].subnets[].prefix",
      "sites[].kind",
      "sites[].attach",
      "sites[].tunnel.vni",
      "sites[].tunnel.wireguard.port",
      "vxlan.port",
      "features.routerSource",
      "features.mssClamp",
      "features.vxlanGuard",
      "features.azureMtu",
      "features.encryption",
      "features.peerRouteDev",
      "access.sshSourcePrefixes",
      "access.bastion",
      "autoShutdown.timeZone",
      "verify.onDeploy",
      "verify.run",
      "emulation.lossPercent",
      "emulation.enforceNsgs",
    ])
      expect(row(doc, key), key).toBeDefined();
    for (const k of [
      "hub-spoke-vxlan:lab",
      "hub-spoke-vxlan:sshPublicKey",
      "hub-spoke-vxlan:circuitAuthorizationKeys",
      "azure-native:location",
    ])
      expect(row(doc, k), k).toBeDefined();
  });

  it("every key of the schema has a meaning (a key without one is caught)", () => {
    expect(keyRows({ properties: { x: { type: "string" } } })).toEqual([{ key: "x", type: "string", required: false, description: "" }]);
    const doc = configDoc();
    const rows = doc.split("\n").filter((l) => /^\| `[a-zA-Z]/.test(l));
    expect(rows.length).toBeGreaterThan(80);
    expect(rows.filter((l) => / \|\s*\|$/.test(l))).toEqual([]);
  });

  it("carries the seed's defaults and the allowed values (written from the seed and the schema's enums)", () => {
    const doc = configDoc();
    expect(row(doc, "vxlan.port")).toContain("| `4789` |");
    expect(row(doc, "vmSize")).toContain('| `"Standard_B2ls_v2"` |');
    expect(row(doc, "adminUsername")).toContain('| `"azureuser"` |');
    expect(row(doc, "resourceGroupName")).toContain('| `"rg-hub-spoke-vxlan"` |');
    expect(row(doc, "hub.gateway.sku")).toContain('| `"ErGw1AZ"` |');
    expect(row(doc, "sites[].kind")).toContain('"expressroute" \\| "peering" \\| "onprem"');
    expect(row(doc, "features.encryption")).toContain('"none" \\| "wireguard"');
    expect(row(doc, "sites[].attach")).toContain('| `"hub"` |');
    expect(row(doc, "verify.run")).toContain("| `1` |");
    expect(row(doc, "emulation.lossPercent")).toContain("<= 100");
    expect(row(doc, "hub.name")).toContain("| required |");
    expect(row(doc, "location")).not.toContain("required");
    for (const f of ["routerSource", "mssClamp", "vxlanGuard", "azureMtu", "peerRouteDev"])
      expect(row(doc, `features.${f}`)).toContain("| `true` |");
  });
});
