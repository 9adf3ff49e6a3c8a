// Router-originated traffic (features.routerSource): routes through the tunnel carry the router's
// eth0 address as preferred source. Off (only this switch): the routers cannot reach the far side and
// hop 2 is "???". On but with strict reverse-path filtering: broken again, which is why the rendered
// sysctl sets loose mode.
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { inNs } from "../../src/emu/commands/argv.js";
import { verify } from "../../src/emu/verify.js";
import { leftovers, skipReason } from "./helpers.js";
import { variantStack, withLab } from "../../src/emu/variants.js";

const pairOf = (v: Awaited<ReturnType<typeof verify>>, from: string, to: string) =>
  v.pairs.find((p) => p.from === from && p.to === to)!.observed;

describe.skipIf(skipReason)("router-originated traffic (features.routerSource)", () => {
  it("off: vm-hub100 -> spoke and vm-hub00 -> site host fail, hop 2 is ???", async () => {
    await withLab(
      variantStack("src-off", (lab) => (lab.features = { routerSource: false })),
      async (l) => {
        const v = await verify(l);
        expect(v.ok).toBe(true); // the model expects exactly this
        expect(pairOf(v, "vm-hub100", "vm-spoke10")).toMatchObject({ ping: false, tcp: false });
        expect(pairOf(v, "vm-hub00", "vm-hub101")).toMatchObject({ ping: false, tcp: false });
        expect(pairOf(v, "vm-hub101", "vm-spoke10").hops).toEqual(["10.100.0.4", "???", "10.10.0.4"]);
      },
    );
    expect(leftovers("src-off")).toEqual([]);
  });

  it("on (default): both routers reach the far hosts, every hop visible", async () => {
    await withLab(
      variantStack("src-on", () => {}),
      async (l) => {
        const v = await verify(l);
        expect(v.ok).toBe(true);
        expect(pairOf(v, "vm-hub100", "vm-spoke10")).toEqual({ ping: true, tcp: true, hops: ["10.0.0.4", "10.10.0.4"] });
        expect(pairOf(v, "vm-hub00", "vm-hub101")).toEqual({ ping: true, tcp: true, hops: ["10.100.0.4", "10.100.0.5"] });
        expect(pairOf(v, "vm-hub101", "vm-spoke10").hops).toEqual(["10.100.0.4", "10.0.0.4", "10.10.0.4"]);
        expect(pairOf(v, "vm-spoke10", "vm-hub101").hops).toEqual(["10.0.0.4", "10.100.0.4", "10.100.0.5"]);

        // ARP on the tunnel from its own address: the rendered sysctl file's "all", applied by runcmd's `sysctl -p`
        // (the kernel uses the higher of it and the device's own 0 at each ARP).
        for (const r of ["vm-hub00", "vm-hub100"]) {
          const ns = l.topo.nodes.find((n) => n.vm.name === r)!.ns;
          const read = async (dev: string) => (await run(inNs(ns, ["cat", `/proc/sys/net/ipv4/conf/${dev}/arp_announce`]))).stdout.trim();
          expect([await read("all"), await read("vxlan0")], r).toEqual(["2", "0"]);
        }

        // Strict reverse-path filtering on the routers breaks router-originated traffic again.
        for (const r of ["vm-hub00", "vm-hub100"]) {
          const ns = l.topo.nodes.find((n) => n.vm.name === r)!.ns;
          await run(
            inNs(ns, [
              "sysctl",
              "-qw",
              "net.ipv4.conf.all.rp_filter=1",
              "net.ipv4.conf.eth0.rp_filter=1",
              "net.ipv4.conf.vxlan0.rp_filter=1",
            ]),
          );
        }
        const strict = await verify(l);
        expect(pairOf(strict, "vm-hub100", "vm-spoke10").ping).toBe(false);
      },
    );
    expect(leftovers("src-on")).toEqual([]);
  });
});
