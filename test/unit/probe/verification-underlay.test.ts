// Which gateways the tunnels cross, which circuit connections the config declares, and the words
// the `verification` output uses for each case. Expected gateway lists come from the stacks'
// topology (README "Stacks"): an ExpressRoute site's tunnel crosses the hub's gateway and the
// site's own; an on-premises site's only the hub's; a peered site's none.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tunnelGateways, withConfiguredUnderlay } from "../../../src/routing/underlay.js";
import { healthyOutputs, notRun, onDeploy, underlayAssumption, verification } from "../../../src/probe/verification.js";
import type { Lab } from "../../../src/model/types.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { CIRCUIT, onCircuit } from "../../support/circuits.js";
import { editedLab } from "../../support/config-edit.js";

/** The stack with a circuitId on the gateways of the named VNets only. */
const circuitsOn = (stack: string, vnets: readonly string[]) => editedLab(stack, (l) => onCircuit(l, vnets));
const X34 = join(FIXTURES, "Pulumi.3x4.yaml");
const SITE2 = join(FIXTURES, "Pulumi.site2.yaml");
/** A circuit on one gateway only: the config refuses it today (a simulated site shares its hub's circuit), the model edited instead. */
const circuitOnlyOn = (lab: Lab, vnet: string): Lab => ({
  ...lab,
  vnets: lab.vnets.map((v) => (v.name === vnet && v.gateway ? { ...v, gateway: { ...v.gateway, circuitId: CIRCUIT } } : v)),
});

describe("gateways the tunnels cross", () => {
  it("dev: the hub's and the ExpressRoute site's", () => {
    expect(tunnelGateways(labOf("dev"))).toEqual([
      { vnet: "vnet-hub00", connected: false },
      { vnet: "vnet-hub100", connected: false },
    ]);
  });
  it("3x4: the hub's and the two ExpressRoute sites'; not the on-premises site (not on Azure) nor the peered one", () => {
    expect(tunnelGateways(labOf(X34))).toEqual([
      { vnet: "vnet-hub00", connected: false },
      { vnet: "vnet-site100", connected: false },
      { vnet: "vnet-site101", connected: false },
    ]);
  });
  it("peering: none", () => expect(tunnelGateways(labOf("peering"))).toEqual([]));
});

describe("circuit connections as configured", () => {
  it("without circuitIds no domain is left; with them the domain stays whole", () => {
    expect(withConfiguredUnderlay(labOf("dev")).circuitDomains).toEqual([]);
    expect(withConfiguredUnderlay(circuitsOn("dev", ["vnet-hub00", "vnet-hub100"])).circuitDomains).toEqual([
      { name: "er-vnet-hub00", members: ["vnet-hub00", "vnet-hub100"] },
    ]);
  });
  it("3x4: the on-premises site (the circuit's far end) alone is no domain", () => {
    expect(withConfiguredUnderlay(labOf(X34)).circuitDomains).toEqual([]);
    expect(withConfiguredUnderlay(circuitsOn(X34, ["vnet-hub00", "vnet-site100", "vnet-site101"])).circuitDomains).toEqual([
      { name: "er-vnet-hub00", members: ["vnet-hub00", "vnet-site100", "vnet-site101", "vnet-site103"] },
    ]);
  });
  it("site2: the hub's circuit configured, the spoke's not: only the hub's domain stays", () => {
    expect(withConfiguredUnderlay(circuitsOn(SITE2, ["vnet-hub00", "vnet-hub100"])).circuitDomains).toEqual([
      { name: "er-vnet-hub00", members: ["vnet-hub00", "vnet-hub100"] },
    ]);
  });
});

describe("what the output says of the underlay", () => {
  it("every case in its words", () => {
    expect(underlayAssumption(labOf("peering"))).toBe("no tunnel crosses ExpressRoute: expected as the model walks it");
    expect(underlayAssumption(circuitsOn("dev", ["vnet-hub00", "vnet-hub100"]))).toBe(
      "every gateway a tunnel crosses has its circuit (vnet-hub00, vnet-hub100): expected as the model walks it",
    );
    expect(underlayAssumption(circuitOnlyOn(labOf("dev"), "vnet-hub00"))).toBe(
      "no circuitId for vnet-hub100: what crosses ExpressRoute there is expected to fail",
    );
  });
  it("on deploy: on by default with every circuit, off naming only the gateways without one", () => {
    expect(onDeploy(circuitsOn("dev", ["vnet-hub00", "vnet-hub100"]))).toEqual({
      on: true,
      reason: "on by default: every gateway that carries a tunnel has its circuit",
    });
    expect(onDeploy(circuitOnlyOn(labOf("dev"), "vnet-hub100"))).toEqual({
      on: false,
      reason: "off by default: vnet-hub00 carry a tunnel but have no circuitId (set verify.onDeploy: true to run anyway)",
    });
  });
  it("not run: says why, passes, probes nothing", () => {
    const lab = labOf("dev");
    expect(notRun(lab, "verify.onDeploy is false in the stack config")).toEqual({
      ran: false,
      run: 1,
      model: expect.stringMatching(/^[0-9a-f]{16}$/),
      underlay: "no circuitId for vnet-hub00, vnet-hub100: what crosses ExpressRoute there is expected to fail",
      summary: "verify not run on deploy: verify.onDeploy is false in the stack config",
      ok: true,
      pairs: [],
      links: [],
      differences: [],
    });
  });
  it("a pair with several differences lists them joined by '; '", () => {
    const lab = circuitsOn("dev", ["vnet-hub00", "vnet-hub100"]);
    const out = healthyOutputs(lab);
    out.set("vm-spoke10", out.get("vm-spoke10")!.replace(/target=10\.100\.0\.5 ping=1 tcp=1/, "target=10.100.0.5 ping=0 tcp=0"));
    expect(verification(lab, out).differences).toEqual([
      "vm-spoke10 -> vm-hub101: ping: expected reachable, got no reply; tcp/22: expected reachable, got no connection",
    ]);
  });
});
