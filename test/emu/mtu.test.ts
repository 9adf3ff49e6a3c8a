// MTU: 1500-byte hosts through a 1350-byte tunnel, with ICMP "fragmentation needed" dropped in the
// fabric. Without MSS clamping bulk TCP stalls (black hole); with it (default) data moves, both ways.
// Then Azure's 1,400-byte fragmentation (emulation.azureFragmentation): the seed's 1450-byte tunnel
// without DF stalls, the Azure-sized one (features.azureMtu) moves everything.
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import type { Loaded } from "../../src/emu/stack.js";
import { both, SIZE } from "./bulk.js";
import { leftovers, skipReason } from "./helpers.js";
import { variantStack, withLab } from "../../src/emu/variants.js";

describe.skipIf(skipReason)("MSS clamping (features.mssClamp) with ICMP frag-needed dropped", () => {
  it("control: without clamping but with ICMP intact, path MTU discovery delivers everything", async () => {
    const [up1, down1] = await withLab(
      variantStack("mtu-pmtud", (lab) => (lab.features = { mssClamp: false })),
      both,
    );
    expect([up1, down1]).toEqual([SIZE, SIZE]);
    expect(leftovers("mtu-pmtud")).toEqual([]);
  });

  it("without clamping, bulk TCP through the tunnel stalls in both directions (black hole)", async () => {
    const [a, b] = await withLab(
      variantStack("mtu-noclamp", (lab) => ((lab.features = { mssClamp: false }), (lab.emulation = { dropFragNeeded: true }))),
      both,
    );
    expect(a).toBeLessThan(SIZE / 10);
    expect(b).toBeLessThan(SIZE / 10);
    expect(leftovers("mtu-noclamp")).toEqual([]);
  });

  it("with clamping (default), everything arrives in both directions, and the clamp counters moved on both routers", async () => {
    await withLab(
      variantStack("mtu-clamp", (lab) => (lab.emulation = { dropFragNeeded: true })),
      async (l) => {
        expect(await both(l)).toEqual([SIZE, SIZE]);
        for (const r of ["vm-hub00", "vm-hub100"]) {
          const ns = l.topo.nodes.find((n) => n.vm.name === r)!.ns;
          const chain = await run(inNs(ns, ["nft", "list", "chain", "inet", "hub_spoke_vxlan", "forward"]));
          // SYNs leaving into the tunnel get clamped here; the iifname rule only matters when the far
          // router does not clamp (each router protects both directions on its own).
          const leaving = /oifname "vxlan0" .* counter packets (\d+)/.exec(chain.stdout);
          expect(Number(leaving?.[1] ?? 0), chain.stdout).toBeGreaterThan(0);
        }
      },
    );
    expect(leftovers("mtu-clamp")).toEqual([]);
  });
});

/** Counter of the fabric's azureFragmentation rule whose comment contains `what`. */
async function fabricDrops(l: Loaded, what: string): Promise<number> {
  const chain = await run(inNs(l.topo.fabricNs, ["nft", "list", "chain", "inet", "hsv_fabric", "forward"]));
  const line = chain.stdout.split("\n").find((x) => x.includes("azureFragmentation") && x.includes(what));
  expect(line, chain.stdout).toBeDefined();
  return Number(/counter packets (\d+)/.exec(line!)?.[1]);
}

describe.skipIf(skipReason)("tunnel MTU against Azure's 1,400-byte fragmentation (features.azureMtu, emulation.azureFragmentation)", () => {
  const seedMtu = (lab: Record<string, any>) => (lab.features = { azureMtu: false }); // eslint-disable-line @typescript-eslint/no-explicit-any

  it("control: the seed's 1450-byte tunnel without DF works where nothing fragments (azureFragmentation off)", async () => {
    const r = await withLab(
      variantStack("frag-off", (lab) => (seedMtu(lab), (lab.emulation = { azureFragmentation: false }))),
      both,
    );
    expect(r).toEqual([SIZE, SIZE]);
    expect(leftovers("frag-off")).toEqual([]);
  });

  it("the seed's 1450-byte tunnel without DF stalls both ways: its 1500-byte outer packets are what Azure fragments", async () => {
    await withLab(variantStack("frag-seed", seedMtu), async (l) => {
      const [a, b] = await both(l);
      expect(a).toBeLessThan(SIZE / 10);
      expect(b).toBeLessThan(SIZE / 10);
      expect(await fabricDrops(l, "without DF")).toBeGreaterThan(0);
    });
    expect(leftovers("frag-seed")).toEqual([]);
  });

  it("the Azure-sized tunnel (default: mtu 1350, df set) delivers everything both ways, nothing over 1400 or fragmented", async () => {
    await withLab(
      variantStack("frag-azure", () => {}),
      async (l) => {
        expect(l.lab.config.emulation.azureFragmentation).toBe(true);
        expect(await both(l)).toEqual([SIZE, SIZE]);
        expect(await fabricDrops(l, "without DF")).toBe(0);
        expect(await fabricDrops(l, "a fragment")).toBe(0);
      },
    );
    expect(leftovers("frag-azure")).toEqual([]);
  });
});
