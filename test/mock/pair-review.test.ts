// Review of hub.pair (issue 26). With pair tunnel keys <site>-<router>, a site named
// <other site>-<pair router> had a first tunnel whose key (its own name) was the other site's pair
// key: two RandomPasswords of one name, a duplicate URN that fails the first `pulumi up` (seen red
// here). Keys are now <site>@<router>, and '@' is in no VNet name.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../support/stacks.js";
import { ofType, runProgram } from "./harness.js";

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");

describe("pair: tunnel keys", () => {
  it("a site named 'vnet-a-vm-hub01' next to a site 'vnet-a' is refused, or every resource name stays unique", async () => {
    const run = await runProgram({
      stack: PAIR,
      lab: (l: any) => {
        const a = l.sites[0];
        a.name = "vnet-a";
        l.sites.push({
          ...structuredClone(a),
          name: "vnet-a-vm-hub01",
          addressSpace: ["10.101.0.0/16"],
          subnets: [
            { name: "default", prefix: "10.101.0.0/24" },
            { name: "GatewaySubnet", prefix: "10.101.255.0/27" },
          ],
          router: { name: "vm-router101", address: "10.101.0.4" },
          hosts: [{ name: "vm-host101", address: "10.101.0.5" }],
        });
        return l;
      },
    });
    if (run.error) return; // refused by validation: fine
    const names = ofType(run, "random:index/randomPassword:RandomPassword").map((r) => r.name);
    // Two sites x two hub routers: four tunnels, four session passwords of four names.
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
  });
});

describe("pair: secrets (3x4 with a pair: an on-premises site among four)", () => {
  it("no plain output holds a session password; the secret onpremSites carries both of the on-premises router's", async () => {
    const { mockPassword } = await import("../../src/azure/mock-program.js");
    const { BGP_PASSWORD_LENGTH } = await import("../../src/azure/wireguard.js");
    const stack = join(FIXTURES, "Pulumi.3x4.yaml");
    const run = await runProgram({
      stack,
      lab: (l: any) => {
        l.routing = "bgp";
        l.hub.pair = { router: { name: "vm-hub01", address: "10.0.0.5" }, frontend: "10.0.0.10" };
        return l;
      },
    });
    expect(run.error).toBeUndefined();
    const keys = ["vnet-site100", "vnet-site101", "vnet-site102", "vnet-site103"].flatMap((s) => [s, `${s}@vm-hub01`]);
    const passwords = keys.map((k) => mockPassword(`bgp-${k}`, BGP_PASSWORD_LENGTH));
    const plain = JSON.stringify([
      Object.fromEntries(Object.entries(run.outputs).filter(([k]) => !run.secretOutputs.includes(k))),
      run.warnings,
    ]);
    for (const p of passwords) expect(plain).not.toContain(p);
    expect(run.secretOutputs).toContain("onpremSites");
    const onprem = JSON.stringify(run.outputs.onpremSites);
    // The on-premises router has two sessions (to vm-hub00 and vm-hub01): both passwords in its document.
    expect(onprem).toContain(passwords[6]);
    expect(onprem).toContain(passwords[7]);
  });
});
