// Stack outputs (src/azure/outputs.ts, pure): the shapes a user reads after `pulumi up`, on labs the
// shipped stacks do not cover (a site with no host, a hub host, a spoke-attached site among several
// spokes, two on-premises sites). Expected values written from the stack files and the defaults in docs/configuration.md.
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { checkCommands, onpremSites, tunnelOutputs, underlayStatus } from "../../../src/azure/outputs.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { testKeys } from "../../support/wireguard.js";
import { bgp, editedLab, encrypt, type Raw } from "../../support/config-edit.js";

const interactive = (lab: ReturnType<typeof labOf>) =>
  Object.fromEntries(Object.entries(checkCommands(lab)).map(([k, v]) => [k, v.interactive]));
const THREE_BY_FOUR = join(FIXTURES, "Pulumi.3x4.yaml");

describe("tunnelOutputs", () => {
  it("names each end's WireGuard address (docs/configuration.md: 169.254.254.(2i)/31 and .(2i+1)/31)", () => {
    const [t] = tunnelOutputs(editedLab("dev", encrypt));
    expect(t!.hub).toEqual({ vm: "vm-hub00", underlay: "10.0.0.4", overlay: "169.254.0.1/24", wireguard: "169.254.254.0/31" });
    expect(t!.siteEnd).toEqual({ vm: "vm-hub100", underlay: "10.100.0.4", overlay: "169.254.0.2/24", wireguard: "169.254.254.1/31" });
  });
});

describe("underlayStatus", () => {
  it("with no circuit at all, the message is the missing list and nothing after it", () => {
    expect(underlayStatus(labOf("seed"))).toEqual({
      connected: false,
      message:
        "not connected: no circuitId configured for gw-vnet-hub00, gw-vnet-spoke10, gw-vnet-hub100 (set gateway.circuitId in hub-spoke-vxlan:lab)",
    });
  });
});

describe("checkCommands", () => {
  it("a site with a router and no host: the spoke checks the path to the site's router", () => {
    const lab = editedLab("dev", (l) => delete l.sites[0].hosts);
    expect(interactive(lab)["vm-spoke10"]).toEqual(["sudo traceroute -T -p 22 10.100.0.4  # to vm-hub100"]);
  });

  it("a host in the hub checks the tunnelled site's host", () => {
    const lab = editedLab("dev", (l) => (l.hub.hosts = [{ name: "vm-hub01", address: "10.0.0.5" }]));
    expect(interactive(lab)["vm-hub01"]).toEqual(["sudo traceroute -T -p 22 10.100.0.5  # to vm-hub101"]);
  });

  it("a site attached to one of three spokes checks that spoke only, and that spoke checks it", () => {
    const lab = editedLab(THREE_BY_FOUR, (l) => {
      const site = l.sites.find((s: Raw) => s.name === "vnet-site101");
      site.attach = "vnet-spoke11";
      delete site.router; // a spoke-attached site reaches the spoke through its own gateway, no tunnel
    });
    const cmds = interactive(lab);
    expect(cmds["vm-host101"]).toEqual(["sudo traceroute -T -p 22 10.11.0.4  # to vm-spoke11"]);
    expect(cmds["vm-spoke11"]).toContain("sudo traceroute -T -p 22 10.101.0.5  # to vm-host101");
    // A hub-attached site's host still checks every spoke.
    expect(cmds["vm-host100"]).toEqual(
      ["10.10.0.4  # to vm-spoke10", "10.11.0.4  # to vm-spoke11", "10.12.0.4  # to vm-spoke12"].map(
        (t) => `sudo traceroute -T -p 22 ${t}`,
      ),
    );
    expect(cmds["vm-spoke10"]).not.toContain("sudo traceroute -T -p 22 10.101.0.5  # to vm-host101");
  });
});

describe("onpremSites", () => {
  it("two on-premises sites: each carries the spoke prefixes through its own router, and only its own routes", () => {
    const lab = editedLab(THREE_BY_FOUR, (l) => (l.sites.find((s: Raw) => s.name === "vnet-site102").kind = "onprem"));
    const out = onpremSites(lab) as Record<string, { routes: unknown }>;
    const via = (hop: string) =>
      ["10.10.0.0/16", "10.11.0.0/16", "10.12.0.0/16"].map((prefix) => ({ subnet: "default", prefix, nextHop: hop }));
    expect(Object.keys(out)).toEqual(["vnet-site102", "vnet-site103"]);
    expect(out["vnet-site102"]!.routes).toEqual(via("10.102.0.4"));
    expect(out["vnet-site103"]!.routes).toEqual(via("10.103.0.4"));
  });

  it("routing bgp (no encryption): a secret, the on-premises router's frr.conf holding its session password", async () => {
    const lab = editedLab(THREE_BY_FOUR, bgp);
    const keys = testKeys(lab);
    const out = onpremSites(lab, pulumi.output(keys));
    expect(pulumi.Output.isInstance(out)).toBe(true);
    const value = await new Promise<Record<string, { cloudInit: string }>>((resolve) =>
      (out as pulumi.Output<Record<string, { cloudInit: string }>>).apply(resolve),
    );
    expect(Object.keys(value)).toEqual(["vnet-site103"]);
    expect(value["vnet-site103"]!.cloudInit).toContain(`password ${keys["vnet-site103"]!.bgp}`);
    expect(() => onpremSites(lab)).toThrow(/needs its tunnel secrets/);
  });

  it("routing static, not encrypted: plain (nothing secret in it)", () => {
    expect(pulumi.Output.isInstance(onpremSites(labOf(THREE_BY_FOUR)))).toBe(false);
  });

  it("encrypted, with every site deployed: a plain empty map, not a secret to unwrap", () => {
    const lab = editedLab("dev", encrypt);
    const out = onpremSites(lab, pulumi.output(testKeys(lab)));
    expect(pulumi.Output.isInstance(out)).toBe(false);
    expect(out).toEqual({});
  });
});
