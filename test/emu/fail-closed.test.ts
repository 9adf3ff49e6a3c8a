// (c) The post-up script fails closed: when the tunnel's firewall does not load, the tunnel does not
// come up unguarded; it does not come up at all. The hub router is rebuilt from its rendered
// cloud-init with the firewall file broken (test-only variant of the rendered file), then mended.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PATHS, NFT_TABLE } from "../../src/render/router-files.js";
import type { Plan } from "../../src/emu/commands/cloud-init.js";
import { planFor } from "../../src/emu/commands/cloud-init.js";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { rebuild, rerunPostUp, restartFrr, routerNode } from "../../src/emu/faults.js";
import { loadStack, type Loaded } from "../../src/emu/stack.js";
import { verify } from "../../src/emu/verify.js";
import { editFile } from "./attack.js";
import { skipReason, upForSuite } from "./helpers.js";
import { routerWith } from "./variants.js";
import { variantStack } from "../../src/emu/variants.js";

const LEFT_DOWN = `vxlan: cannot load ${PATHS.firewall}; tunnel left down`;
const corrupt = (p: Plan) => editFile(p, PATHS.firewall, (c) => c.replace("counter drop", "counter dorp")); // a typo
const missing = (p: Plan): Plan => ({ ...p, files: p.files.filter((f) => f.path !== PATHS.firewall) });

const ping = async (l: Loaded, from: string, to: string) =>
  (await run(inNs(l.topo.nodes.find((n) => n.vm.name === from)!.ns, ["ping", "-n", "-q", "-c", "2", "-W", "1", to]), { check: false }))
    .code === 0;

interface RouterState {
  vxlanDevices: string[];
  tables: string;
  siteToSpoke: boolean;
  spokeToSite: boolean;
  zebra: boolean;
}

async function observe(l: Loaded): Promise<RouterState> {
  const ns = routerNode(l, "vm-hub00").ns;
  const links = JSON.parse((await run(["ip", "-n", ns, "-j", "link", "show", "type", "vxlan"])).stdout) as { ifname: string }[];
  const tables = (await run(inNs(ns, ["nft", "list", "tables"]))).stdout;
  const zebra = (await run(inNs(ns, ["vtysh", "-c", "show version"]).slice(0, 0).concat(["ip", "netns", "pids", ns]), { check: false }))
    .stdout;
  return {
    vxlanDevices: links.map((x) => x.ifname),
    tables,
    siteToSpoke: await ping(l, "vm-hub101", "10.10.0.4"),
    spokeToSite: await ping(l, "vm-spoke10", "10.100.0.5"),
    zebra: zebra.trim().length > 0,
  };
}

/**
 * Boots the hub router with `variant`; the hook's failure is returned. cloud-init's runcmd is one
 * /bin/sh script run line by line, a failed line does not stop the next
 * (https://github.com/canonical/cloud-init/pull/7041), so `systemctl restart frr` still runs after it.
 */
async function bootWith(l: Loaded, variant: (p: Plan) => Plan): Promise<Error | undefined> {
  const n = routerNode(l, "vm-hub00");
  const err = await rebuild(l, n, true, variant(planFor(l.lab, n))).then(
    () => undefined,
    (e: Error) => e,
  );
  await restartFrr(l, n);
  return err;
}

describe.skipIf(skipReason)("(c) fail-closed: the tunnel's firewall does not load (features.vxlanGuard)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("prot-closed", () => {}));
  upForSuite(l);

  for (const [what, variant] of [
    ["a syntax error in the rendered tunnel.nft", corrupt],
    ["tunnel.nft missing", missing],
  ] as const) {
    it(`${what}: the post-up script exits non-zero, no vxlan device, no firewall half-loaded, site <-> spoke unreachable`, async () => {
      const err = await bootWith(l, variant);
      expect(err?.message).toContain(LEFT_DOWN);
      const s = await observe(l);
      expect(s).toEqual({ vxlanDevices: [], tables: "", siteToSpoke: false, spokeToSite: false, zebra: true });
    });
  }

  it("without failing closed (the script's `exit 1` stripped), the same broken file brings the tunnel up with no firewall at all", async () => {
    const failOpen = (p: Plan) => editFile(p, PATHS.postUp, (c) => c.replace(/^\s+exit 1\n/m, ""));
    const err = await bootWith(l, (p) => failOpen(corrupt(p)));
    expect(err).toBeUndefined();
    const s = await observe(l);
    expect(s).toEqual({ vxlanDevices: ["vxlan0"], tables: "", siteToSpoke: true, spokeToSite: true, zebra: true });
  });

  it("control: the same router booted from the rendered document has the tunnel, guarded, and the full matrix", async () => {
    await routerWith(l, "vm-hub00", (p) => p);
    const s = await observe(l);
    expect(s.vxlanDevices).toEqual(["vxlan0"]);
    expect(s.tables).toContain(`table inet ${NFT_TABLE}`);
    expect([s.siteToSpoke, s.spokeToSite]).toEqual([true, true]);
    expect((await verify(l)).ok).toBe(true);
  });

  it("on a running router, a broken file makes the next post-up run fail before it touches anything: tunnel and guard stay as they were", async () => {
    const n = routerNode(l, "vm-hub00");
    const file = join(n.etcDir, PATHS.firewall.slice("/etc/".length));
    const good = planFor(l.lab, n).files.find((f) => f.path === PATHS.firewall)!.content;
    writeFileSync(file, corrupt(planFor(l.lab, n)).files.find((f) => f.path === PATHS.firewall)!.content);
    try {
      await expect(rerunPostUp(l, n, 1)).rejects.toThrow(LEFT_DOWN);
      const s = await observe(l);
      expect(s.vxlanDevices).toEqual(["vxlan0"]);
      expect([s.siteToSpoke, s.spokeToSite]).toEqual([true, true]);
      const chain = (await run(inNs(n.ns, ["nft", "list", "chain", "inet", NFT_TABLE, "input"]))).stdout;
      expect(chain).toMatch(/udp dport 4789 ip saddr != 10\.100\.0\.4 counter packets \d+ bytes \d+ drop/);
    } finally {
      writeFileSync(file, good);
    }
  });
});
