// routing: bgp, byte for byte: every router's frr.conf and /etc/frr/daemons for the dev stack, the
// 3 spokes x 4 sites fixture and the hub pair fixture against references written by hand
// (test/reference/<stack>/bgp/; how each line was derived is in test/reference/README.md). A
// prefix-list that gains one prefix, either way, is a difference at that line; rendering is
// deterministic given the same config and secrets.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PATHS, routerFiles } from "../../../src/render/router-files.js";
import { filesFor, renderCloudInit } from "../../../src/render/cloud-init.js";
import type { BgpNeighbor, Lab, RouterModel } from "../../../src/model/types.js";
import { bgp, editedLab, type Edit } from "../../support/config-edit.js";
import { withRouter } from "../../support/lab-edits.js";
import { FIXTURES, labOf } from "../../support/stacks.js";
import { REFERENCE_DIR } from "../../support/reference.js";
import { testKeys } from "../../support/wireguard.js";
import { nonEmpty } from "../../support/non-empty.js";

const STACKS = [
  { ref: "dev", stack: "dev" },
  { ref: "3x4", stack: join(FIXTURES, "Pulumi.3x4.yaml") },
] as const;
const PAIR = join(FIXTURES, "Pulumi.pair.yaml");
/** Stacks with routing: bgp against their references; the pair fixture has it (and hub.pair needs it). */
const BGP_STACKS = [...STACKS, { ref: "pair", stack: PAIR }] as const;

const refDir = (ref: string) => join(REFERENCE_DIR, ref, "bgp");
const reference = (ref: string, file: string) => readFileSync(join(refDir(ref), file), "utf8");

const fileOf = (lab: Lab, router: RouterModel, path: string): string | undefined =>
  routerFiles(lab, router, testKeys(lab)).find((f) => f.path === path)?.content;
const routerOf = (lab: Lab, name: string): RouterModel => lab.routers.find((r) => r.vm.name === name)!;

/** The first line where two texts differ (1-based), with both sides; undefined when they are equal. */
export function firstDifference(actual: string, expected: string): { line: number; actual?: string; expected?: string } | undefined {
  if (actual === expected) return undefined;
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; ; i++) if (a[i] !== e[i]) return { line: i + 1, actual: a[i], expected: e[i] };
}

/** The lab with one neighbour of one router edited (a model edit: the config cannot express a leak). */
const withNeighbor = (lab: Lab, router: string, device: string, edit: (n: BgpNeighbor) => BgpNeighbor): Lab =>
  withRouter(lab, router, (r) => ({
    ...r,
    bgp: { ...r.bgp!, neighbors: r.bgp!.neighbors.map((n) => (n.device === device ? edit(n) : n)) },
  }));

describe.each(nonEmpty([...BGP_STACKS]))("$ref stack, routing bgp, against test/reference/$ref/bgp", ({ ref, stack }) => {
  const lab = editedLab(stack, bgp);

  it("the references name exactly the stack's routers (one frr.conf each) and one daemons file", () => {
    // graph.dot / graph.mmd beside them are the graph's references (test/unit/graph).
    const files = readdirSync(refDir(ref))
      .filter((f) => !f.startsWith("graph."))
      .sort();
    expect(files).toEqual(["daemons", ...lab.routers.map((r) => `${r.vm.name}.frr.conf`)].sort());
  });

  it.each(nonEmpty(lab.routers.map((r) => [r.vm.name, r] as const)))("%s: frr.conf is the reference, byte for byte", (name, router) => {
    const rendered = fileOf(lab, router, PATHS.frr);
    const want = reference(ref, `${name}.frr.conf`);
    expect(firstDifference(rendered!, want)).toBeUndefined();
    expect(rendered).toBe(want);
  });

  it.each(nonEmpty(lab.routers.map((r) => [r.vm.name, r] as const)))(
    "%s: /etc/frr/daemons is the reference, byte for byte",
    (_, router) => {
      expect(fileOf(lab, router, PATHS.frrDaemons)).toBe(reference(ref, "daemons"));
    },
  );

  it("daemons comes right after frr.conf, both 0640 frr:frr (the package's mode and owner)", () => {
    for (const router of lab.routers) {
      const files = routerFiles(lab, router, testKeys(lab));
      const at = files.findIndex((f) => f.path === PATHS.frr);
      expect(files[at + 1]).toMatchObject({ path: PATHS.frrDaemons, permissions: "0640", owner: "frr:frr" });
      expect(files[at]).toMatchObject({ permissions: "0640", owner: "frr:frr" });
    }
  });

  it("same config and same secrets: byte-identical frr.conf, daemons and cloud-init, twice and from a fresh build", () => {
    const again = editedLab(stack, bgp);
    for (const router of lab.routers) {
      const once = routerFiles(lab, router, testKeys(lab));
      expect(routerFiles(lab, router, testKeys(lab))).toEqual(once);
      expect(routerFiles(again, routerOf(again, router.vm.name), testKeys(again))).toEqual(once);
      expect(renderCloudInit(again, router.vm, testKeys(again))).toBe(renderCloudInit(lab, router.vm, testKeys(lab)));
    }
  });

  it("other secrets: only the password lines differ", () => {
    for (const router of lab.routers) {
      const a = fileOf(lab, router, PATHS.frr)!.split("\n");
      const b = routerFiles(lab, router, testKeys(lab, "other"))
        .find((f) => f.path === PATHS.frr)!
        .content.split("\n");
      expect(b).toHaveLength(a.length);
      const differing = a.flatMap((l, i) => (l === b[i] ? [] : [l.replace(/password \S+$/, "password <pw>")]));
      expect(differing, router.vm.name).toEqual(router.bgp!.neighbors.map((n) => ` neighbor ${n.address} password <pw>`));
    }
  });
});

describe("a prefix-list that leaks one more prefix fails the comparison, at that line", () => {
  const lab = editedLab("dev", bgp);
  it("the hub announcing a site's own space back to it (OUT gains 10.100.0.0/16)", () => {
    const leaky = withNeighbor(lab, "vm-hub00", "vxlan0", (n) => ({ ...n, advertise: [...n.advertise, "10.100.0.0/16"] }));
    const rendered = fileOf(leaky, routerOf(leaky, "vm-hub00"), PATHS.frr)!;
    expect(rendered).not.toBe(reference("dev", "vm-hub00.frr.conf"));
    expect(firstDifference(rendered, reference("dev", "vm-hub00.frr.conf"))).toEqual({
      line: 24,
      actual: "ip prefix-list HSV-VXLAN0-OUT seq 10 permit 10.100.0.0/16",
      expected: "!",
    });
  });
  it("the site accepting a default route from the hub (IN gains 0.0.0.0/0)", () => {
    const leaky = withNeighbor(lab, "vm-hub100", "vxlan0", (n) => ({ ...n, accept: [...n.accept, "0.0.0.0/0"] }));
    const rendered = fileOf(leaky, routerOf(leaky, "vm-hub100"), PATHS.frr)!;
    expect(firstDifference(rendered, reference("dev", "vm-hub100.frr.conf"))).toEqual({
      line: 21,
      actual: "ip prefix-list HSV-VXLAN0-IN seq 10 permit 0.0.0.0/0",
      expected: "ip prefix-list HSV-VXLAN0-OUT seq 5 permit 10.100.0.0/16",
    });
  });
  it("3x4: one site's list leaking another site's space into a third session", () => {
    const STACK = join(FIXTURES, "Pulumi.3x4.yaml");
    const lab3 = editedLab(STACK, bgp);
    const leaky = withNeighbor(lab3, "vm-hub00", "vxlan2", (n) => ({ ...n, advertise: [...n.advertise, "10.101.0.0/16"] }));
    const rendered = fileOf(leaky, routerOf(leaky, "vm-hub00"), PATHS.frr)!;
    const want = reference("3x4", "vm-hub00.frr.conf");
    expect(firstDifference(rendered, want)).toMatchObject({ actual: "ip prefix-list HSV-VXLAN2-OUT seq 20 permit 10.101.0.0/16" });
    // Only that one line is new: the rest of the file is the reference.
    expect(rendered.replace("ip prefix-list HSV-VXLAN2-OUT seq 20 permit 10.101.0.0/16\n", "")).toBe(want);
  });
  it("firstDifference: equal texts, a changed line, a missing last line", () => {
    expect(firstDifference("a\nb\n", "a\nb\n")).toBeUndefined();
    expect(firstDifference("a\nx\n", "a\nb\n")).toEqual({ line: 2, actual: "x", expected: "b" });
    expect(firstDifference("a\n", "a\nb\n")).toEqual({ line: 2, actual: "", expected: "b" });
  });
});

// hub.pair: the site router installs both hub routers' paths (maximum-paths, multipath-relax); with
// prefer first the second hub router prepends its AS twice on every session (route-map out after the
// prefix-list out). test/reference/pair/bgp-first/ holds the one file prefer first changes.
describe("hub pair: multipath on the site router, prepend on the second hub router", () => {
  const first: Edit = (lab) => {
    lab.hub.pair.prefer = "first";
  };
  const ecmp = labOf(PAIR);
  const preferFirst = editedLab(PAIR, first);
  const pairRef = (file: string) => reference("pair", file);
  const firstRef = readFileSync(join(REFERENCE_DIR, "pair", "bgp-first", "vm-hub01.frr.conf"), "utf8");

  it("prefer first: vm-hub01's frr.conf is test/reference/pair/bgp-first, byte for byte", () => {
    const rendered = fileOf(preferFirst, routerOf(preferFirst, "vm-hub01"), PATHS.frr)!;
    expect(firstDifference(rendered, firstRef)).toBeUndefined();
  });
  it("prefer first changes nothing on vm-hub00 and the site router vm-hub100 (still two paths)", () => {
    for (const vm of ["vm-hub00", "vm-hub100"]) {
      expect(fileOf(preferFirst, routerOf(preferFirst, vm), PATHS.frr)).toBe(pairRef(`${vm}.frr.conf`));
    }
  });
  it("without the prepend the prefer-first reference fails where the route-map begins", () => {
    const plain = withRouter(preferFirst, "vm-hub01", (r) => ({ ...r, bgp: { ...r.bgp!, prepend: [] } }));
    const rendered = fileOf(plain, routerOf(plain, "vm-hub01"), PATHS.frr)!;
    expect(firstDifference(rendered, firstRef)).toMatchObject({
      line: 25,
      expected: "! hub.pair prefer first: 65000 65000 prepended to every announcement makes this router's paths the",
    });
    expect(rendered).toBe(pairRef("vm-hub01.frr.conf"));
  });
  it("a site router with one path renders no multipath lines: the reference minus exactly those three", () => {
    const single = withRouter(ecmp, "vm-hub100", (r) => ({ ...r, bgp: { ...r.bgp!, multipath: 1 } }));
    const rendered = fileOf(single, routerOf(single, "vm-hub100"), PATHS.frr)!;
    const want = pairRef("vm-hub100.frr.conf")
      .replace(" ! Both hub routers' paths to a prefix are installed (ECMP), even when their AS numbers differ.\n", "")
      .replace(" bgp bestpath as-path multipath-relax\n", "")
      .replace("  maximum-paths 2\n", "");
    expect(want).not.toBe(pairRef("vm-hub100.frr.conf"));
    expect(rendered).toBe(want);
  });
  it("a second hub router with its own AS prepends that AS, and the site router peers with it", () => {
    const own = editedLab(PAIR, first, (lab) => {
      lab.hub.pair.router.asn = 65010;
    });
    const hub01 = fileOf(own, routerOf(own, "vm-hub01"), PATHS.frr)!;
    expect(hub01).toContain("router bgp 65010\n");
    expect(hub01).toContain("\n set as-path prepend 65010 65010\n");
    const site = fileOf(own, routerOf(own, "vm-hub100"), PATHS.frr)!;
    expect(site).toContain(" neighbor 169.254.252.1 remote-as 65010\n");
    expect(site).toContain(" neighbor 169.254.0.1 remote-as 65000\n");
    expect(site).toContain(" bgp bestpath as-path multipath-relax\n");
  });
  it.each(nonEmpty(STACKS.map((s) => [s.ref, s.stack] as const)))(
    "%s (no pair): no multipath or prepend line on any router",
    (_, stack) => {
      const lab = editedLab(stack, bgp);
      for (const router of lab.routers) {
        expect(fileOf(lab, router, PATHS.frr)).not.toMatch(/multipath|maximum-paths|prepend|HSV-PREPEND-OUT/);
      }
    },
  );
});

describe("routing static renders no BGP", () => {
  it.each(nonEmpty(STACKS.map((s) => [s.ref, s.stack] as const)))("%s: no daemons file, no BGP line, and no secrets needed", (_, stack) => {
    const lab = editedLab(stack);
    for (const router of lab.routers) {
      const files = filesFor(lab, router.vm);
      expect(files.map((f) => f.path)).not.toContain(PATHS.frrDaemons);
      expect(files.find((f) => f.path === PATHS.frr)!.content).not.toMatch(/bgp|bfd|prefix-list|password/);
    }
  });
});
