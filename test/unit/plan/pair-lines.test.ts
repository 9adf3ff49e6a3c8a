// lab plan with hub.pair: the routing lines gain one saying what the pair adds (second router, a second
// tunnel and session per site, the internal load balancer with its HA ports rule and probe, the spokes
// routed to its frontend, the preference), written here by hand from test/fixtures/Pulumi.pair.yaml.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { routingChange } from "../../../src/plan/plan.js";
import { editedLab } from "../../support/config-edit.js";
import { FIXTURES, labOf } from "../../support/stacks.js";

const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
const HEAD =
  "  hub.pair adds a second hub router vm-hub01 with a second tunnel and eBGP session from each hub-attached site (1), " +
  "and an internal Standard Load Balancer lbi-vnet-hub00-routers in front of both: static frontend 10.0.0.10, one HA ports rule, " +
  "an HTTP health probe on :8779/healthz every 5 s that a router answers only while it has its BGP routes; " +
  "the spokes' UDRs point at the frontend; ";

describe("the plan's hub.pair line", () => {
  it("prefer ecmp (the default): both routers", () => {
    const text = routingChange(labOf(PAIR), {})!.text;
    expect(text).toHaveLength(3);
    expect(text[0]).toContain("one eBGP session per tunnel (2)");
    expect(text[2]).toBe(`${HEAD}the site routers use both routers (ECMP); the load balancer and the second VM are billed`);
  });
  it("prefer first: the first router, the second prepending", () => {
    const lab = editedLab(PAIR, (l) => (l.hub.pair.prefer = "first"));
    expect(routingChange(lab, {})!.text[2]).toBe(
      `${HEAD}the site routers prefer vm-hub00 (vm-hub01 prepends its AS twice); the load balancer and the second VM are billed`,
    );
  });
  it("without the pair: the two bgp lines only", () => {
    const lab = editedLab(PAIR, (l) => delete l.hub.pair);
    expect(routingChange(lab, {})!.text).toHaveLength(2);
    expect(routingChange(lab, {})!.text.join("\n")).not.toMatch(/hub\.pair|Load Balancer|frontend/);
  });
});
