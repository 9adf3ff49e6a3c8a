// Azure's naming rules (src/platform/names.ts, rules/azure-names.ts), from Learn "Naming rules and
// restrictions for Azure resources" (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules):
// resource groups 1-90 (letters incl. Unicode, digits, _ ( ) - ., not ending in '.'), VNets 2-64, subnets
// and the other Microsoft.Network names 1-80 (start alphanumeric, end alphanumeric or '_'), Linux VMs 1-64
// (none of \/"[]:|<>+=;,?*@&, not starting with '_', not ending with '.' or '-').
import { describe, expect, it } from "vitest";
import { AZURE_NAMES, nameProblem } from "../../../src/platform/names.js";
import { checkAzureNames } from "../../../src/config/rules/azure-names.js";
import { problemsOf } from "../../support/problems.js";
import { nonEmpty } from "../../support/non-empty.js";

describe("lengths, counted in characters (not UTF-16 units)", () => {
  it.each(
    nonEmpty([
      ["virtualNetwork", 2, 64],
      ["subnet", 1, 80],
      ["networkSecurityGroup", 1, 80],
      ["peering", 1, 80],
      ["virtualMachine", 1, 64],
      ["resourceGroup", 1, 90],
    ] as const),
  )("%s: %d..%d", (rule, min, max) => {
    const r = AZURE_NAMES[rule];
    expect(nameProblem(r, "a".repeat(min))).toBeUndefined();
    expect(nameProblem(r, "a".repeat(max))).toBeUndefined();
    expect(nameProblem(r, "a".repeat(max + 1))).toBe(
      `${r.what} "${"a".repeat(max + 1)}" is ${max + 1} characters; Azure allows ${min}..${max}`,
    );
    if (min > 1)
      expect(nameProblem(r, "a".repeat(min - 1))).toBe(
        `${r.what} "${"a".repeat(min - 1)}" is ${min - 1} characters; Azure allows ${min}..${max}`,
      );
  });

  it("a resource group of 90 letters 'é' is 90 characters", () => {
    expect(nameProblem(AZURE_NAMES.resourceGroup, "é".repeat(90))).toBeUndefined();
    expect(nameProblem(AZURE_NAMES.resourceGroup, "é".repeat(91))).toMatch(/is 91 characters/);
  });
});

describe("characters and ends", () => {
  it("resource group: Unicode letters, digits, _ ( ) - . ; not ending with '.'", () => {
    expect(nameProblem(AZURE_NAMES.resourceGroup, "rg_(lab)-ü.1")).toBeUndefined();
    expect(nameProblem(AZURE_NAMES.resourceGroup, "rg lab!")).toBe(
      `resource group name "rg lab!" has ' ', '!'; Azure allows letters, digits, '_', '(', ')', '-' and '.'`,
    );
    expect(nameProblem(AZURE_NAMES.resourceGroup, ".rg")).toBeUndefined();
    expect(nameProblem(AZURE_NAMES.resourceGroup, "rg.")).toBe(`resource group name "rg." must end with anything but '.'`);
  });

  it("network names: letters, digits, _ . - ; start alphanumeric; end alphanumeric or '_'", () => {
    const v = AZURE_NAMES.virtualNetwork;
    expect(nameProblem(v, "Vnet_1.a-b_")).toBeUndefined();
    expect(nameProblem(v, "v(n)")).toBe(`VNet name "v(n)" has '(', ')'; Azure allows letters, digits, '_', '.' and '-'`);
    expect(nameProblem(v, "a  b")).toBe(`VNet name "a  b" has ' '; Azure allows letters, digits, '_', '.' and '-'`); // each character once
    expect(nameProblem(v, "ünet")).toMatch(/has 'ü'/);
    for (const s of ["_vnet", "-vnet", ".vnet"]) expect(nameProblem(v, s)).toBe(`VNet name "${s}" must start with a letter or digit`);
    for (const s of ["vnet.", "vnet-"]) expect(nameProblem(v, s)).toBe(`VNet name "${s}" must end with a letter, digit or '_'`);
    expect(nameProblem(v, "0vnet9")).toBeUndefined();
  });

  it("VM names: no whitespace and none of \\/\"[]:|<>+=;,?*@&; not starting with '_'; not ending with '.' or '-'", () => {
    const vm = AZURE_NAMES.virtualMachine;
    expect(nameProblem(vm, "vm(1)_x.y-z")).toBeUndefined();
    for (const c of ["\\", "/", '"', "[", "]", ":", "|", "<", ">", "+", "=", ";", ",", "?", "*", "@", "&", " ", "\t"]) {
      expect(nameProblem(vm, `vm${c}1`), JSON.stringify(c)).toMatch(/^VM name ".*" has '.*'; Azure allows no whitespace and none of/);
    }
    expect(nameProblem(vm, "_vm")).toBe(`VM name "_vm" must start with anything but '_'`);
    expect(nameProblem(vm, "-vm")).toBeUndefined();
    for (const s of ["vm.", "vm-"]) expect(nameProblem(vm, s)).toBe(`VM name "${s}" must end with anything but '.' or '-'`);
    expect(nameProblem(vm, "vm_")).toBeUndefined();
  });
});

describe("in the lab", () => {
  it.each(nonEmpty(["admin1", "root", "user1", "guest", "sys", "test3"]))("admin user %s is refused", (u) => {
    const p = problemsOf((c) => (c.adminUsername = u));
    expect(p).toHaveLength(1);
    expect(p[0]!.key).toBe("adminUsername");
    expect(p[0]!.message).toMatch(new RegExp(`^"${u}" is a user name Azure does not allow for VMs \\(administrator, admin, user, `));
  });
  it.each(nonEmpty(["azureuser", "labadmin", "admin3"]))("admin user %s is fine", (u) =>
    expect(problemsOf((c) => (c.adminUsername = u))).toEqual([]),
  );
  it("the reserved list ignores case (the rule itself; the schema only admits lower case)", () => {
    expect(checkAzureNames({ adminUsername: "Admin", refs: [] }).map((p) => p.key)).toEqual(["adminUsername"]);
    expect(checkAzureNames({ resourceGroupName: "rg.", refs: [] }).map((p) => p.key)).toEqual(["resourceGroupName"]);
    expect(checkAzureNames({ refs: [] })).toEqual([]);
  });

  it("a refused VNet name is reported once, not again through the names derived from it", () => {
    expect(problemsOf((c) => (c.spokes[0].name = "vnet-spoke10."))).toEqual([
      { key: "spokes[0].name", message: `VNet name "vnet-spoke10." must end with a letter, digit or '_'` },
    ]);
  });

  it("the GatewaySubnet has no NSG or route table, so its name derives none", () => {
    const vnet = "n".repeat(64);
    // The site is not peered: nsg-<64>-default is 76 characters; nsg-<64>-GatewaySubnet would be 82.
    expect(problemsOf((c) => (c.sites[0].name = vnet))).toEqual([]);
    // nsg-<64>-defaultsubnet is 82: on the longer of the two names it is made of, the VNet's.
    expect(problemsOf((c) => ((c.sites[0].name = vnet), (c.sites[0].subnets[0].name = "defaultsubnet")))).toEqual([
      {
        key: "sites[0].name",
        message: `NSG name "nsg-${vnet}-defaultsubnet" is 82 characters; Azure allows 1..80 (derived from sites[0].name and sites[0].subnets[0].name); shorten sites[0].name`,
      },
    ]);
  });
});
