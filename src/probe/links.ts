// The links a router must have for its tunnels to carry anything: per tunnel its WireGuard device
// (encrypted labs) and its VXLAN device. The post-up script leaves a tunnel down when it cannot make
// one (e.g. no WireGuard in the kernel and no wireguard-go), and says so only in a log; the probe
// reports each link (`hsv-link` lines, -l), so a dead tunnel is named in the verification, not
// merely seen as unreachable pairs.
import type { Lab } from "../model/types.js";
import { parseLinks, type LinkResult } from "./contract.js";

/** Per router VM (deployed or not), its links in the post-up script's order. */
export function routerLinks(lab: Lab): Map<string, string[]> {
  return new Map(
    lab.routers.map((r) => [
      r.vm.name,
      r.tunnels.flatMap(({ tunnel }) => [...(tunnel.wireguard ? [tunnel.wireguard.device] : []), tunnel.device]),
    ]),
  );
}

/** The probe's arguments: each link to report, the BGP report (`bgp`: routers with routing: bgp;
 *  `vty`: vtysh's socket dir where it is not FRR's own), then the targets. */
export const probeArgs = (links: readonly string[], targets: readonly string[], bgp?: { readonly vty?: string }): string[] => [
  ...links.flatMap((d) => ["-l", d]),
  ...(bgp ? ["-b", ...(bgp.vty ? ["-V", bgp.vty] : [])] : []),
  ...targets,
];

/** Where the post-up script's error goes: cloud-init's runcmd at first boot, the dispatcher later. */
export const POST_UP_LOGS = "/var/log/cloud-init-output.log at first boot, journalctl -u networkd-dispatcher after";

/** Each router's links judged from its probe output; a VM without output is left to the pairs (they say so). */
export function judgeLinks(
  expected: ReadonlyMap<string, readonly string[]>,
  outputs: ReadonlyMap<string, string | undefined>,
): LinkResult[] {
  const out: LinkResult[] = [];
  for (const [vm, devs] of expected) {
    const text = outputs.get(vm);
    if (text === undefined) continue;
    const seen = parseLinks(text);
    for (const dev of devs) {
      const up = seen.get(dev);
      if (up) out.push({ vm, dev, up });
      else
        out.push({
          vm,
          dev,
          up: false,
          difference:
            up === undefined
              ? `${vm}: no link line for ${dev} in its probe output`
              : `${vm}: link ${dev} is missing or down, so its tunnel carries nothing (the post-up script's reason: ${POST_UP_LOGS})`,
        });
    }
  }
  return out;
}
