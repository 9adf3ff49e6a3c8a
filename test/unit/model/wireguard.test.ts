// features.encryption wireguard: the model's links and MTU chain, every rule with a config that
// breaks it, the rendered files (deterministic given the keys) and the NSGs.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tryBuildLab } from "../../../src/model/build.js";
import { publicKeyOf } from "../../../src/model/wireguard-keys.js";
import { filesFor, parseCloudInit, renderCloudInit } from "../../../src/render/cloud-init.js";
import { PATHS } from "../../../src/render/router-files.js";
import { labOf } from "../../support/stacks.js";
import { testKeys } from "../../support/wireguard.js";
import { nonEmpty } from "../../support/non-empty.js";
import { problemsOf } from "../../support/problems.js";
import { FIXTURES } from "../../support/stacks.js";
import { rawLab, editedLab, encrypt, type Raw } from "../../support/config-edit.js";

const FIX3x4 = join(FIXTURES, "Pulumi.3x4.yaml");

const problems = (edit: (lab: Raw) => void, stack = "dev") => {
  const r = tryBuildLab(rawLab(stack, encrypt, edit));
  return r.ok ? [] : r.problems;
};
const expectProblem = (edit: (lab: Raw) => void, key: string, re: RegExp, stack = "dev") =>
  expect(problems(edit, stack), JSON.stringify(problems(edit, stack))).toContainEqual({ key, message: expect.stringMatching(re) });
const link = (hubAddress: string, siteAddress: string, port = 51820) => ({ hubAddress, siteAddress, port });
const withLink = (w: Raw) => (lab: Raw) => {
  lab.sites[0].tunnel = { vni: 77, hubAddress: "169.254.0.1/24", siteAddress: "169.254.0.2/24", wireguard: w };
};

describe("model: one WireGuard link per tunnel", () => {
  it("encryption none (the default) builds no link: the seed's design", () => {
    for (const t of labOf("dev").tunnels) {
      expect(t.wireguard).toBeUndefined();
      expect(t.mtu).toBe(1350);
    }
  });
  it("defaults: wgN, a /31 from 169.254.254.0/23, port 51820+i; MTU 1400-60 = 1340 for wgN, 1290 for vxlanN, MSS 1250", () => {
    const lab = editedLab(FIX3x4, encrypt);
    const hubAttached = lab.tunnels.length;
    expect(hubAttached).toBeGreaterThan(1);
    lab.tunnels.forEach((t, i) => {
      expect(t.wireguard).toEqual({ device: `wg${i}`, port: 51820 + i, mtu: 1340 });
      expect(t.hubEnd.wg).toEqual({ overlay: `169.254.254.${2 * i}/31`, address: `169.254.254.${2 * i}` });
      expect(t.siteEnd.wg).toEqual({ overlay: `169.254.254.${2 * i + 1}/31`, address: `169.254.254.${2 * i + 1}` });
      expect([t.mtu, t.mss, t.df]).toEqual([1290, 1250, true]);
    });
  });
  it("azureMtu false: the 1500 budget, 1440 and 1390", () => {
    const t = editedLab("dev", encrypt, (l) => (l.features.azureMtu = false)).tunnels[0]!;
    expect([t.wireguard!.mtu, t.mtu, t.mss, t.df]).toEqual([1440, 1390, 1350, false]);
  });
});

describe("rules: tunnel.wireguard", () => {
  it("a link without encryption is refused", () => {
    const r = tryBuildLab({ ...rawLab("dev", encrypt, withLink(link("169.254.254.0/31", "169.254.254.1/31"))), features: {} });
    expect(r.ok ? [] : r.problems).toContainEqual({
      key: "sites[0].tunnel.wireguard",
      message: expect.stringMatching(/only built with features.encryption: wireguard/),
    });
  });
  it("a valid explicit /30 builds", () => expect(problems(withLink(link("169.254.253.1/30", "169.254.253.2/30")))).toEqual([]));
  it.each(
    nonEmpty([
      [
        "not /30 or /31",
        link("169.254.253.1/29", "169.254.253.2/29"),
        "sites[0].tunnel.wireguard",
        /is a \/29: a WireGuard link is a \/30 or \/31/,
      ],
      ["two subnets", link("169.254.253.0/31", "169.254.253.2/31"), "sites[0].tunnel.wireguard", /must share one \/30 or \/31/],
      ["same address", link("169.254.253.0/31", "169.254.253.0/31"), "sites[0].tunnel.wireguard", /the same address/],
      ["/30 network address", link("169.254.253.0/30", "169.254.253.1/30"), "sites[0].tunnel.wireguard.hubAddress", /network or broadcast/],
      ["/30 broadcast", link("169.254.253.1/30", "169.254.253.3/30"), "sites[0].tunnel.wireguard.siteAddress", /network or broadcast/],
      [
        "inside the VXLAN subnet",
        link("169.254.0.8/31", "169.254.0.9/31"),
        "sites[0].tunnel.wireguard",
        /overlaps the tunnel subnet of sites\[0\]\.tunnel/,
      ],
      [
        "inside a VNet",
        link("10.0.9.0/31", "10.0.9.1/31"),
        "sites[0].tunnel.wireguard",
        /overlaps 10\.0\.0\.0\/16 \(hub\.addressSpace\[0\]\)/,
      ],
      [
        "IMDS",
        link("169.254.169.254/31", "169.254.169.255/31"),
        "sites[0].tunnel.wireguard",
        /169\.254\.169\.254 \(Azure instance metadata\)/,
      ],
      ["not a prefix", link("169.254.253.0", "169.254.253.1/31"), "sites[0].tunnel.wireguard.hubAddress", /./],
      ["port 0", link("169.254.253.0/31", "169.254.253.1/31", 0), "sites[0].tunnel.wireguard.port", /outside 1\.\.65535/],
      [
        "port reserved by Azure",
        link("169.254.253.0/31", "169.254.253.1/31", 65330),
        "sites[0].tunnel.wireguard.port",
        /reserved for the Azure host/,
      ],
      ["port = vxlan.port", link("169.254.253.0/31", "169.254.253.1/31", 4789), "sites[0].tunnel.wireguard.port", /is vxlan\.port/],
    ]),
  )("%s", (_what, w, key, re) => expectProblem(withLink(w), key, re));
  it("two links on one port, or overlapping, are refused (all end on the hub router)", () => {
    const edit = (lab: Raw) => {
      lab.sites[0].tunnel.wireguard = link("169.254.254.0/31", "169.254.254.1/31", 51999);
      lab.sites[1].tunnel.wireguard = link("169.254.254.0/31", "169.254.254.1/31", 51999);
    };
    const fill = (lab: Raw) => {
      lab.sites.forEach(
        (s: Raw, i: number) => (s.tunnel ??= { vni: 77 + i, hubAddress: `169.254.${i}.1/24`, siteAddress: `169.254.${i}.2/24` }),
      );
      edit(lab);
    };
    expectProblem(fill, "sites[1].tunnel.wireguard.port", /already used by sites\[0\]\.tunnel\.wireguard/, FIX3x4);
    expectProblem(fill, "sites[1].tunnel.wireguard", /overlaps the WireGuard link of sites\[0\]\.tunnel/, FIX3x4);
  });
  it("encryption is one of none, wireguard", () => {
    const r = tryBuildLab({ ...rawLab("dev", encrypt), features: { encryption: "ipsec" } });
    expect(r.ok ? [] : r.problems.map((p) => p.key)).toContain("features.encryption");
  });
});

describe("render: wgN.conf, post-up, guard", () => {
  const lab = editedLab("dev", encrypt);
  const keys = testKeys(lab);
  const k = keys["vnet-hub100"]!;
  const hub = lab.vms.find((v) => v.name === "vm-hub00")!;
  const site = lab.vms.find((v) => v.name === "vm-hub100")!;
  const file = (vm: typeof hub, path: string) => filesFor(lab, vm, keys).find((f) => f.path === path)!;

  it("wg0.conf: own private key, root-only; the peer's public key, AllowedIPs exactly its wg address, its underlay endpoint", () => {
    const f = file(hub, PATHS.wireguard("wg0"));
    expect([f.permissions, f.owner]).toEqual(["0600", "root:root"]);
    expect(f.content).toContain(`PrivateKey = ${k.hub}\nListenPort = 51820\n`);
    expect(f.content).toContain(`PublicKey = ${publicKeyOf(k.site)}\nAllowedIPs = 169.254.254.1/32\nEndpoint = 10.100.0.4:51820\n`);
    expect(f.content).not.toContain(k.site);
    const g = file(site, PATHS.wireguard("wg0")).content;
    expect(g).toContain(`PrivateKey = ${k.site}`);
    expect(g).toContain(`PublicKey = ${publicKeyOf(k.hub)}\nAllowedIPs = 169.254.254.0/32\nEndpoint = 10.0.0.4:51820`);
  });
  it("post-up: guard first, wg0 (kernel, else wireguard-go), setconf, MTU, address, then the VXLAN between the wg addresses over wg0", () => {
    const s = file(hub, PATHS.postUp).content;
    const order = [
      "nft -f",
      "then ip link del vxlan0; fi",
      "then ip link del wg0; fi",
      "ip link add wg0 type wireguard",
      "wireguard-go wg0",
      "wg setconf wg0 /etc/wireguard/wg0.conf",
      "\nlink set wg0 mtu 1340\n",
      "\naddress add 169.254.254.0/31 dev wg0\n",
      "\nlink set up wg0\n",
      'up vxlan0 && echo "link add vxlan0',
    ];
    const at = order.map((x) => s.indexOf(x));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(s).toContain("mtu 1290 type vxlan id 77 local 169.254.254.0 remote 169.254.254.1 dstport 4789 dev wg0 df set nolearning");
    expect(s).not.toContain("remote 10.100.0.4");
  });
  it("guard: WireGuard only from the peer's underlay /32, VXLAN only from wg0 and the peer's wg address", () => {
    const s = file(hub, PATHS.firewall).content;
    expect(s).toContain('iifname != "lo" udp dport 51820 ip saddr != 10.100.0.4 counter drop');
    expect(s).toContain('iifname "wg0" ip saddr 169.254.254.1 udp dport 4789 accept\n    iifname != "lo" udp dport 4789 counter drop');
    expect(s).toContain("tcp option maxseg size set 1250");
  });
  it("cloud-init installs wireguard-tools on routers only; hosts carry no key", () => {
    expect(parseCloudInit(renderCloudInit(lab, hub, keys)).packages).toContain("wireguard-tools");
    const host = lab.vms.find((v) => v.role === "host")!;
    expect(renderCloudInit(lab, host)).not.toContain("wireguard");
  });
  it("deterministic given the keys; other keys, other bytes; no keys, a clear error", () => {
    expect(renderCloudInit(lab, hub, testKeys(lab))).toBe(
      renderCloudInit(editedLab("dev", encrypt), hub, testKeys(editedLab("dev", encrypt))),
    );
    expect(renderCloudInit(lab, hub, testKeys(lab, "other"))).not.toBe(renderCloudInit(lab, hub, keys));
    expect(() => renderCloudInit(lab, hub)).toThrow(/runs over WireGuard .* no keys were given/);
    expect(() => renderCloudInit(lab, hub, { "vnet-hub100": { hub: "c2hvcnQ=", site: k.site } })).toThrow(/base64 of exactly 32 bytes/);
  });
  it("without encryption the files are what they were (no wg lines)", () => {
    const plain = labOf("dev");
    for (const f of filesFor(
      plain,
      plain.vms.find((v) => v.name === "vm-hub00")!,
    ))
      expect(f.content).not.toMatch(/wg0|wireguard/);
  });
});

describe("NSGs: only the WireGuard port crosses the underlay", () => {
  it("router subnets admit UDP 51820 from the peer's /32 only; no rule admits 4789; the deny of 4789 stays", () => {
    const lab = editedLab("dev", encrypt);
    const hubNsg = lab.nsgs.find((n) => n.vnet === "vnet-hub00" && n.subnet === "default")!;
    const wg = hubNsg.inbound.find((r) => r.name === "allow-wireguard-vm-hub100")!;
    expect(wg).toMatchObject({
      access: "Allow",
      protocol: "Udp",
      sourcePrefixes: ["10.100.0.4/32"],
      destinationPrefixes: ["10.0.0.4/32"],
      destinationPorts: ["51820"],
    });
    const all = lab.nsgs.flatMap((n) => n.inbound);
    expect(all.filter((r) => r.access === "Allow" && r.destinationPorts.includes("4789"))).toEqual([]);
    expect(hubNsg.inbound.find((r) => r.name === "deny-vxlan-others")).toMatchObject({ access: "Deny", destinationPorts: ["4789"] });
  });
});

describe("WireGuard link rules: port bounds, unreadable addresses, which tunnels count", () => {
  // UDP ports are 16 bits (RFC 768); 1 and 65535 are the ends of what a listener can use.
  it.each(nonEmpty([1, 65535]))("port %d is fine", (port) =>
    expect(problems(withLink(link("169.254.254.0/31", "169.254.254.1/31", port)))).toEqual([]),
  );
  it("port 65536 is refused", () =>
    expect(problems(withLink(link("169.254.254.0/31", "169.254.254.1/31", 65536)))).toEqual([
      { key: "sites[0].tunnel.wireguard.port", message: "port 65536 is outside 1..65535" },
    ]));
  it("an unreadable hubAddress gets the hub end's example", () =>
    expect(problems(withLink(link("hub", "169.254.254.1/31")))).toEqual([
      { key: "sites[0].tunnel.wireguard.hubAddress", message: '"hub" is not an IPv4 address with a prefix length (e.g. 169.254.254.0/31)' },
    ]));
  it("an unreadable siteAddress gets the site end's example", () =>
    expect(problems(withLink(link("169.254.254.0/31", "site")))).toEqual([
      {
        key: "sites[0].tunnel.wireguard.siteAddress",
        message: '"site" is not an IPv4 address with a prefix length (e.g. 169.254.254.1/31)',
      },
    ]));
  it("a VXLAN tunnel with an unreadable hubAddress is reported once, not judged against the link", () =>
    expect(problems((lab) => (lab.sites[0].tunnel.hubAddress = "hub"))).toEqual([
      { key: "sites[0].tunnel.hubAddress", message: '"hub" is not an IPv4 address with a prefix length (e.g. 169.254.0.1/24)' },
    ]));
  // With its siteAddress unreadable the tunnel has no subnet yet, so a link inside 169.254.0.0/24 is not (yet) an overlap.
  it("a VXLAN tunnel with an unreadable siteAddress takes no subnet", () =>
    expect(
      problems((lab) => {
        withLink(link("169.254.0.8/31", "169.254.0.9/31"))(lab);
        lab.sites[0].tunnel.siteAddress = "site";
      }),
    ).toEqual([
      { key: "sites[0].tunnel.siteAddress", message: '"site" is not an IPv4 address with a prefix length (e.g. 169.254.0.2/24)' },
    ]));
  it("a site attached to a spoke has no tunnel, so no WireGuard link either", () =>
    expect(
      problems((lab) => {
        lab.sites[0].attach = "vnet-spoke10";
        delete lab.sites[0].router;
        delete lab.sites[0].tunnel;
      }),
    ).toContainEqual({ key: "sites", message: "no site is attached to the hub, so there is no tunnel to build" }));
});

describe("a WireGuard link on a site that has no tunnel of its own", () => {
  it("a spoke-attached site's tunnel is refused once, as a tunnel; its link is not refused a second time", () => {
    // sites.ts: only hub-attached sites have a tunnel (the seed's vnet-hub100 moved to the spoke,
    // router dropped); the encryption rule only looks at hub-attached sites' tunnels.
    const c = rawLab();
    const site = c.sites[0];
    site.attach = "vnet-spoke10";
    delete site.router;
    site.tunnel = {
      vni: 77,
      hubAddress: "169.254.0.1/24",
      siteAddress: "169.254.0.2/24",
      wireguard: { hubAddress: "169.254.100.1/30", siteAddress: "169.254.100.2/30", port: 51820 },
    };
    expect(problemsOf(c).filter((p) => p.key.startsWith("sites[0].tunnel"))).toEqual([
      { key: "sites[0].tunnel", message: "only hub-attached sites have a tunnel" },
    ]);
  });
});
