// routing: bgp verified as routing, in the running emulation with real bgpd: verify's routing report
// against the hand-written reference (test/reference/dev/bgp.routes), a site's bgpd stopped as a named
// difference, and a route leak shown only when BOTH filters on its way are opened (either one alone
// holds). HSV_TEST_STACK_PREFIX prefixes the stack's name (runs side by side with other labs).
import { describe, expect, it } from "vitest";
import { variantStack } from "../../src/emu/variants.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { verify, type VerifyResult } from "../../src/emu/verify.js";
import { vtysh, readPid } from "../../src/emu/frr.js";
import { pidFile } from "../../src/emu/commands/frr.js";
import { stopPids } from "../../src/emu/processes.js";
import { restartFrr, routerNode } from "../../src/emu/faults.js";
import { PATHS } from "../../src/render/router-files.js";
import type { Plan } from "../../src/emu/commands/cloud-init.js";
import { BGP_SUMMARY_CMD } from "../../src/probe/bgp.js";
import { failing, skipReason, upForSuite } from "./helpers.js";
import { routerWith, tunnelBack } from "./variants.js";
import { loadBgpReference, observedSessions } from "../support/bgp-reference.js";

const PREFIX = process.env.HSV_TEST_STACK_PREFIX ?? "";
const HUB = "vm-hub00";
const SITE = "vm-hub100";
const LEAK = "10.99.0.0/16";
const routingDiffs = (v: VerifyResult) => (v.routing ?? []).flatMap((r) => r.differences);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The peer's state in the router's own bgpd, polled (bounded) until `want` says yes; the last state. */
async function waitState(l: Loaded, vm: string, want: (state: string | undefined) => boolean): Promise<string | undefined> {
  let state: string | undefined;
  for (let i = 0; i < 60; i++) {
    const r = await vtysh(routerNode(l, vm), ["-c", BGP_SUMMARY_CMD]);
    const peers = r.code === 0 ? (JSON.parse(r.stdout || "{}") as { peers?: Record<string, { state: string }> }).peers : undefined;
    state = peers ? Object.values(peers)[0]?.state : undefined;
    if (want(state)) return state;
    await sleep(250);
  }
  return state;
}

/** Verify until its routing report satisfies `done` (at most `runs` runs, 1 s apart): BGP converges
 *  after the tunnel carries traffic, not at the same instant. The last run is the verdict. */
async function verifyUntil(l: Loaded, done: (v: VerifyResult) => boolean, runs = 8): Promise<VerifyResult> {
  let v = await verify(l);
  for (let i = 1; i < runs && !done(v); i++) {
    await sleep(1000);
    v = await verify(l);
  }
  return v;
}

// The config under test, edited as a person might: frr.conf as rendered, changed line by line.
// "Opening" a filter is a permit-everything entry at the end of its prefix-list: deleting the
// prefix-list line instead would leave the session without policy, and `bgp ebgp-requires-policy`
// (RFC 8212) then exchanges nothing at all, a different fault (missing prefixes, not a leak).
const editFrr =
  (edit: (conf: string) => string) =>
  (p: Plan): Plan => ({
    ...p,
    files: p.files.map((f) => (f.path === PATHS.frr ? { ...f, content: edit(f.content) } : f)),
  });
/** `conf` with `edit` applied, which must change it (a variant that silently changes nothing proves nothing). */
const changed = (conf: string, edit: (c: string) => string, what: string): string => {
  const out = edit(conf);
  if (out === conf) throw new Error(`frr.conf variant: ${what} changed nothing`);
  return out;
};
const openList = (name: string) => (conf: string) =>
  changed(
    conf,
    (c) => {
      const lines = c.split("\n");
      const last = lines
        .map((x, i) => (x.startsWith(`ip prefix-list ${name} `) ? i : -1))
        .filter((i) => i >= 0)
        .pop();
      if (last === undefined) return c;
      lines.splice(last + 1, 0, `ip prefix-list ${name} seq 1000 permit 0.0.0.0/0 le 32`);
      return lines.join("\n");
    },
    `opening ${name}`,
  );
/** The site announces LEAK too (a `network` line) and its outbound prefix-list lets everything out. */
const siteLeaks = (out: string) =>
  editFrr((c) => changed(openList(out)(c), (x) => x.replace(/^( {2}network \S+\n)/m, `$1  network ${LEAK}\n`), `network ${LEAK}`));
/** The hub's inbound policy opened: its prefix-list lets everything in and its maximum-prefix (the
 *  third guard: one prefix too many takes the session down, Idle (PfxCt)) is gone. */
const hubAcceptsAll = (inList: string, neighbor: string) =>
  editFrr((c) =>
    changed(
      openList(inList)(c),
      (x) => x.replace(new RegExp(`^ {2}neighbor ${neighbor.replace(/\./g, "\\.")} maximum-prefix \\d+\\n`, "m"), ""),
      "dropping maximum-prefix",
    ),
  );

describe.skipIf(skipReason)("verify routing: bgp (dev topology)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack(`${PREFIX}bgpdev`, (lab) => (lab.routing = "bgp")));
  upForSuite(l);

  it("every session Established, each router learned exactly test/reference/dev/bgp.routes", async () => {
    const v = await verifyUntil(l, (x) => x.ok);
    expect(failing(v)).toEqual([]);
    expect(routingDiffs(v)).toEqual([]);
    expect(observedSessions(v.routing!)).toEqual(loadBgpReference("dev"));
    expect(v.ok).toBe(true);
  });

  it("the site's bgpd stopped (by its PID): the hub's session is down and named, the site has no report", async () => {
    const site = routerNode(l, SITE);
    const pid = readPid(pidFile(site.runDir!, "bgpd"));
    expect(pid).toBeGreaterThan(1);
    await stopPids([pid!], 2000);
    await waitState(l, HUB, (s) => s !== undefined && s !== "Established");
    const v = await verify(l);
    expect(v.ok).toBe(false);
    // bgpd's real state name, whichever of the down states its FSM is in at that instant (it moves
    // Idle -> Connect -> Active while the site does not answer).
    const [session, ...rest] = routingDiffs(v);
    expect(session).toMatch(/^vm-hub00: session to 169\.254\.0\.2 \(vm-hub100, vxlan0\) is (Idle|Connect|Active), expected Established$/);
    expect(rest).toEqual([
      "vm-hub00: missing 10.100.0.0/16 from vm-hub100 (169.254.0.2, vxlan0)",
      "vm-hub100: no BGP report: vtysh exited 1: bgpd is not running",
    ]);
    // Back as it was: `systemctl restart frr`, then the tunnel carries traffic again.
    await restartFrr(l, site);
    await tunnelBack(l);
    const back = await verifyUntil(l, (x) => x.ok);
    expect(routingDiffs(back)).toEqual([]);
  });

  it("a leak needs both filters opened: with one the other holds, with both verify names the extra prefix", async () => {
    const hub = l.lab.routers.find((r) => r.vm.name === HUB)!.bgp!.neighbors[0]!;
    const site = l.lab.routers.find((r) => r.vm.name === SITE)!.bgp!.neighbors[0]!;
    const learnedByHub = (v: VerifyResult) => v.routing!.find((r) => r.vm === HUB)!.sessions[0]!.learned;

    // 1. The site announces LEAK through an opened outbound filter; the hub's inbound filter holds.
    await routerWith(l, SITE, siteLeaks(site.prefixListOut));
    const one = await verifyUntil(l, (x) => x.ok);
    expect(routingDiffs(one)).toEqual([]);
    expect(learnedByHub(one)).toEqual(["10.100.0.0/16"]);
    expect(failing(one)).toEqual([]);

    // 2. The hub's inbound filter opened too: LEAK gets through and is named.
    await routerWith(l, HUB, hubAcceptsAll(hub.prefixListIn, hub.address));
    const both = await verifyUntil(l, (x) => routingDiffs(x).length > 0);
    expect(routingDiffs(both)).toEqual([
      `vm-hub00: extra ${LEAK} learned from vm-hub100 (169.254.0.2, vxlan0), which the model does not send`,
    ]);
    expect(both.ok).toBe(false);
    expect(failing(both)).toEqual([]); // reachability alone sees nothing wrong

    // 3. The site as rendered again, the hub still open: its outbound filter holds, no leak.
    await routerWith(l, SITE, (p) => p);
    const other = await verifyUntil(l, (x) => x.ok);
    expect(routingDiffs(other)).toEqual([]);
    expect(learnedByHub(other)).toEqual(["10.100.0.0/16"]);
  });
});
