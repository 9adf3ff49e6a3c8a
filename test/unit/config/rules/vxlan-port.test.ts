// The VXLAN ingress guard and the VM's own services on the VXLAN port: the
// guard never matches loopback, and port 53 (systemd-resolved's stub) is refused.
import { describe, expect, it } from "vitest";
import { tryBuildLab } from "../../../../src/model/build.js";
import { filesFor } from "../../../../src/render/cloud-init.js";
import { PATHS } from "../../../../src/render/router-files.js";
import { labOf } from "../../../support/stacks.js";
import { nonEmpty } from "../../../support/non-empty.js";
import { rawLab } from "../../../support/config-edit.js";

const withPort = (port: number) => {
  const c = rawLab();
  c.vxlan = { port };
  return tryBuildLab(c);
};

describe("VXLAN guard and local services", () => {
  it("the guard drops foreign VXLAN from every interface but lo, IPv4 and IPv6", () => {
    const lab = labOf("dev");
    const hub = lab.vms.find((v) => v.name === "vm-hub00")!;
    const nft = filesFor(lab, hub).find((f) => f.path === PATHS.firewall)!.content;
    expect(nft).toContain('iifname != "lo" udp dport 4789 ip saddr != { 10.100.0.4 } counter drop\n');
    expect(nft).toContain('iifname != "lo" meta nfproto ipv6 udp dport 4789 counter drop\n');
    expect(nft).not.toMatch(/^\s*udp dport/m);
  });
  it("port 53 is refused, with the reason", () =>
    expect(withPort(53)).toEqual({
      ok: false,
      config: expect.anything(),
      problems: [
        {
          key: "vxlan.port",
          message: expect.stringMatching(/^port 53 cannot carry VXLAN on Azure: UDP 53 is held on every VM by systemd-resolved's DNS stub/),
        },
      ],
    }));
  it.each(nonEmpty([4789, 8472, 5353]))("port %i is accepted", (port) => expect(withPort(port)).toMatchObject({ ok: true }));
});
