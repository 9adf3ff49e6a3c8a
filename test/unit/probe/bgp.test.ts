// The BGP judge (src/probe/bgp.ts) on FRR 8.4's own JSON: test/fixtures/frr-bgp/ holds what
// `vtysh -c 'show bgp vrf default ipv4 unicast summary json' -c 'show bgp vrf default ipv4 unicast json'`
// printed in the emulated dev lab with routing: bgp (trimmed to the fields named there; the .raw.txt
// and probe-*.txt files untrimmed), healthy and broken. The expectations and every expected
// difference are written by hand from the dev lab's design: vm-hub00 (AS 65000, 169.254.0.1) must
// learn 10.100.0.0/16 (vnet-hub100's space) from vm-hub100 (AS 65001, 169.254.0.2) over vxlan0;
// vm-hub100 must learn 10.10.0.0/16 (the spoke's space) from vm-hub00.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  bgpExpectations,
  bgpLines,
  healthyObservation,
  judgeBgp,
  judgeRouter,
  observeFrr,
  parseBgp,
  splitJsonDocuments,
  type BgpRouterExpectation,
} from "../../../src/probe/bgp.js";
import { labOf } from "../../support/stacks.js";
import { bgp, editedLab } from "../../support/config-edit.js";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "..", "fixtures", "frr-bgp", name), "utf8");

const HUB: BgpRouterExpectation = {
  vm: "vm-hub00",
  asn: 65000,
  sessions: [{ address: "169.254.0.2", remoteVm: "vm-hub100", remoteAsn: 65001, device: "vxlan0", accept: ["10.100.0.0/16"] }],
};
const SITE: BgpRouterExpectation = {
  vm: "vm-hub100",
  asn: 65001,
  sessions: [{ address: "169.254.0.1", remoteVm: "vm-hub00", remoteAsn: 65000, device: "vxlan0", accept: ["10.10.0.0/16"] }],
};

describe("what the model says each router must learn", () => {
  it("dev with routing bgp: the hub learns the site's space, the site the spoke's", () => {
    expect(bgpExpectations(editedLab("dev", bgp))).toEqual([HUB, SITE]);
  });
  it("static routing: no router has a session to judge", () => {
    expect(bgpExpectations(labOf("dev"))).toEqual([]);
  });
});

describe("FRR's JSON read", () => {
  it("two documents one after the other, as vtysh prints them (untrimmed, FRR's own layout)", () => {
    const docs = splitJsonDocuments(fixture("hub100-established.raw.txt"));
    expect(docs).toHaveLength(2);
    expect(observeFrr(fixture("hub100-established.raw.txt"))).toEqual({
      asn: 65001,
      peers: [{ address: "169.254.0.1", state: "Established", remoteAs: 65000, learned: ["10.10.0.0/16"] }],
    });
  });
  it("what the router originates ((unspec)) is not learned from anyone", () => {
    expect(observeFrr(fixture("hub00-established.json")).peers).toEqual([
      { address: "169.254.0.2", state: "Established", remoteAs: 65001, learned: ["10.100.0.0/16"] },
    ]);
  });
  it("truncated or foreign text is named, not guessed at", () => {
    expect(observeFrr(fixture("hub00-established.json").slice(0, 300)).error).toBe("not FRR's JSON (truncated JSON)");
    expect(observeFrr("bgpd is not running").error).toMatch(/^not FRR's JSON \(text outside JSON at 0/);
    expect(observeFrr("{}").error).toBe("expected 2 JSON documents (summary, table), got 1");
  });
  it("braces inside strings do not split documents", () => {
    expect(splitJsonDocuments('{"a":"}{"}[1]')).toEqual([{ a: "}{" }, [1]]);
  });
});

describe("judged against the model", () => {
  it("healthy: both sessions Established, each learned exactly what it must", () => {
    const hub = judgeRouter(HUB, observeFrr(fixture("hub00-established.json")));
    const site = judgeRouter(SITE, observeFrr(fixture("hub100-established.json")));
    expect([hub.differences, site.differences]).toEqual([[], []]);
    expect(hub.ok && site.ok).toBe(true);
    expect(hub.sessions.map((s) => [s.state, s.learned, s.asExpected])).toEqual([["Established", ["10.100.0.0/16"], true]]);
  });

  it("the site's bgpd stopped: the hub's session is Connect and the site's space is missing", () => {
    expect(judgeRouter(HUB, observeFrr(fixture("hub00-connect.json"))).differences).toEqual([
      "vm-hub00: session to 169.254.0.2 (vm-hub100, vxlan0) is Connect, expected Established",
      "vm-hub00: missing 10.100.0.0/16 from vm-hub100 (169.254.0.2, vxlan0)",
    ]);
  });

  it("a leak through both filters: the extra prefix is named", () => {
    const r = judgeRouter(HUB, observeFrr(fixture("hub00-extra.json")));
    expect(r.differences).toEqual([
      "vm-hub00: extra 10.99.0.0/16 learned from vm-hub100 (169.254.0.2, vxlan0), which the model does not send",
    ]);
    expect(r.sessions[0]!.learned).toEqual(["10.99.0.0/16", "10.100.0.0/16"]);
  });

  it("a leak the in-filter let through but maximum-prefix stopped: Idle (PfxCt), by its real name", () => {
    expect(judgeRouter(HUB, observeFrr(fixture("hub00-pfxct.json"))).differences).toEqual([
      "vm-hub00: session to 169.254.0.2 (vm-hub100, vxlan0) is Idle (PfxCt), expected Established",
      "vm-hub00: missing 10.100.0.0/16 from vm-hub100 (169.254.0.2, vxlan0)",
    ]);
  });

  it("the wrong router's report: AS, neighbour and prefixes all differ, each named", () => {
    expect(judgeRouter(HUB, observeFrr(fixture("hub100-established.json"))).differences).toEqual([
      "vm-hub00: bgpd runs AS 65001, the model says AS 65000",
      "vm-hub00: session to 169.254.0.1 (Established), which the model does not have; learned 10.10.0.0/16",
      "vm-hub00: session to 169.254.0.2 (vm-hub100, vxlan0) is not configured in bgpd",
      "vm-hub00: missing 10.100.0.0/16 from vm-hub100 (169.254.0.2, vxlan0)",
    ]);
  });

  it("a neighbour with the wrong remote AS is named", () => {
    const o = observeFrr(fixture("hub00-established.json"));
    const wrong = { ...o, peers: o.peers.map((p) => ({ ...p, remoteAs: 65009 })) };
    expect(judgeRouter(HUB, wrong).differences).toEqual([
      "vm-hub00: session to 169.254.0.2 (vm-hub100, vxlan0) has remote AS 65009, the model says 65001",
    ]);
  });
});

describe("the probe's lines (-b)", () => {
  it("a probe output read whole: the hsv-bgp line among the others", () => {
    const r = judgeBgp([HUB], new Map([["vm-hub00", fixture("probe-hub00-connect.txt")]]));
    expect(r[0]!.sessions[0]!.state).toBe("Connect");
    expect(r[0]!.ok).toBe(false);
  });
  it("vtysh failed: its exit status and last error line, once, no prefix guessed", () => {
    expect(judgeBgp([SITE], new Map([["vm-hub100", fixture("probe-hub100-bgpd-stopped.txt")]]))[0]!.differences).toEqual([
      "vm-hub100: no BGP report: vtysh exited 1: bgpd is not running",
    ]);
  });
  it("no output, or an output without the line (a probe run without -b)", () => {
    const r = judgeBgp([HUB, SITE], new Map([["vm-hub00", "hsv-probe target=10.10.0.4 ping=1 tcp=1 hops=10.10.0.4\n"]]));
    expect(r.flatMap((x) => x.differences)).toEqual([
      "vm-hub00: no BGP report: no hsv-bgp line in its probe output",
      "vm-hub100: no BGP report: no probe output",
    ]);
  });
  it("an observation printed as lines reads back the same (verify --from re-judges recorded results)", () => {
    for (const name of ["hub00-established.json", "hub00-connect.json", "hub00-extra.json", "hub00-pfxct.json"]) {
      const o = observeFrr(fixture(name));
      expect(parseBgp(bgpLines(o))).toEqual(o);
    }
    const failed = parseBgp(fixture("probe-hub100-bgpd-stopped.txt"))!;
    expect(parseBgp(bgpLines(failed))).toEqual(failed);
    expect(judgeRouter(HUB, healthyObservation(HUB)).ok).toBe(true);
  });
});
