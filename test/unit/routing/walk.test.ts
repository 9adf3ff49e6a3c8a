import { describe, expect, it } from "vitest";
import { buildLab } from "../../../src/model/build.js";
import { readStackFile } from "../../../src/config/stack-file.js";
import { expectAll, kernelRoutes, lookup } from "../../../src/routing/walk.js";
import { planCloudInit, CloudInitError } from "../../../src/emu/commands/cloud-init.js";

const lab = (s: string) => buildLab(readStackFile(s).lab);
const pair = (s: string, from: string, to: string) => expectAll(lab(s)).find((e) => e.from === from && e.to === to)!;

describe("expected results walked from the model (pure)", () => {
  it("reproduces the seed's traceroutes and its caveat", () => {
    expect(pair("seed", "vm-hub101", "vm-spoke10")).toMatchObject({ reachable: true, hops: ["10.100.0.4", "???", "10.10.0.4"] });
    expect(pair("seed", "vm-spoke10", "vm-hub101")).toMatchObject({ reachable: true, hops: ["10.0.0.4", "???", "10.100.0.5"] });
    const caveat = pair("seed", "vm-hub100", "vm-spoke10");
    expect(caveat.reachable).toBe(false);
    expect(caveat.why).toContain("link-local source 169.254.0.2");
  });
  it("with the fixes on, routers reach the far side and hop 2 is visible", () => {
    expect(pair("dev", "vm-hub100", "vm-spoke10")).toMatchObject({ reachable: true, hops: ["10.0.0.4", "10.10.0.4"] });
    expect(pair("dev", "vm-hub00", "vm-hub101")).toMatchObject({ reachable: true });
    expect(pair("dev", "vm-hub101", "vm-spoke10").hops).toEqual(["10.100.0.4", "10.0.0.4", "10.10.0.4"]);
  });
  it("without the link-local drop assumption the seed's hop 2 would show", () => {
    const raw = readStackFile("seed").lab as Record<string, unknown>;
    const l = buildLab({ ...raw, emulation: { dropLinkLocalSource: false } });
    expect(expectAll(l).find((e) => e.from === "vm-hub101" && e.to === "vm-spoke10")!.hops).toEqual([
      "10.100.0.4",
      "169.254.0.1",
      "10.10.0.4",
    ]);
  });
  it("models the kernel routes the rendered files make", () => {
    const seed = lab("seed");
    const hub00 = seed.vms.find((v) => v.name === "vm-hub00")!;
    const routes = kernelRoutes(seed, hub00);
    expect(lookup(routes, "10.100.0.5")).toMatchObject({ dev: "vxlan0", via: "169.254.0.2" });
    expect(lookup(routes, "10.100.0.4")).toMatchObject({ dev: "eth0", via: "10.0.0.1" });
    expect(lookup(routes, "10.100.0.5")!.src).toBeUndefined();
    const dev = lab("dev");
    expect(
      lookup(
        kernelRoutes(
          dev,
          dev.vms.find((v) => v.name === "vm-hub00")!,
        ),
        "10.100.0.5",
      )!.src,
    ).toBe("10.0.0.4");
  });
  it("covers every ordered pair of the 3x4 fixture", () => {
    const l = lab("test/fixtures/Pulumi.3x4.yaml");
    const all = expectAll(l);
    expect(all).toHaveLength(l.vms.length * (l.vms.length - 1));
    expect(all.find((e) => e.from === "vm-host100" && e.to === "vm-spoke12")!.reachable).toBe(true);
  });
});

describe("cloud-init plan and probe parsing (pure)", () => {
  it("rejects an unknown runcmd entry", () => {
    const doc = "#cloud-config\nruncmd:\n  - [reboot]\n";
    expect(() => planCloudInit("vm-x", doc)).toThrow(CloudInitError);
  });
  it("rejects files outside /etc and unknown packages", () => {
    expect(() =>
      planCloudInit("vm-x", "#cloud-config\nwrite_files:\n  - {path: /usr/local/x, content: a, permissions: '0644', owner: 'root:root'}\n"),
    ).toThrow(/outside \/etc/);
    expect(() => planCloudInit("vm-x", "#cloud-config\npackages: [nginx]\n")).toThrow(/nginx/);
  });
  it("starts networkd-dispatcher only with a hook written for it (its unit's condition), and runs nothing for it", () => {
    const hook =
      "write_files:\n  - {path: /etc/networkd-dispatcher/routable.d/50-x, content: a, permissions: '0755', owner: 'root:root'}\n";
    const start = "runcmd:\n  - [systemctl, enable, --now, networkd-dispatcher]\n";
    expect(planCloudInit("vm-x", `#cloud-config\n${hook}${start}`).steps).toEqual([{ kind: "dispatcher" }]);
    expect(() => planCloudInit("vm-x", `#cloud-config\n${start}`)).toThrow(/writes no hook/);
    expect(() => planCloudInit("vm-x", `#cloud-config\n${hook}runcmd:\n  - [systemctl, start, networkd-dispatcher]\n`)).toThrow(
      CloudInitError,
    );
  });
});
