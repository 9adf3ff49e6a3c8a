// A tunnel's underlay cut in the emulated fabric (pure: commands only): the outer packets between
// the two routers' eth0 addresses dropped in the fabric's own namespace, both ways, in a table of
// their own (so lifting the cut is deleting that table, and `down` removes it with the namespace).
// What is dropped is the tunnel and nothing else: UDP to vxlan.port, and with features.encryption
// wireguard also UDP to the tunnel's WireGuard port (the VXLAN then rides inside it); ICMP, SSH and
// the BGP session's own TCP (which runs over the overlay, i.e. inside these packets) are not matched
// by address pair + UDP port, so only the loss of the tunnel is what the routers see.
import type { Lab, TunnelModel } from "../../model/types.js";
import { inNs } from "./argv.js";

/** The nft table of one tunnel's cut: hsv_cut_<device> (one per tunnel, so cuts are independent). */
export const cutTable = (t: TunnelModel): string => `hsv_cut_${t.device.replace(/[^A-Za-z0-9_]/g, "_")}`;

/** The UDP ports the tunnel's outer packets go to: vxlan.port, and the WireGuard port when encrypted. */
export const cutPorts = (lab: Lab, t: TunnelModel): number[] => [lab.vxlanPort, ...(t.wireguard ? [t.wireguard.port] : [])];

/**
 * The ruleset `nft -f -` loads in the fabric: a forward chain before the fabric's own filters and
 * the NSGs (priority filter - 20; a drop in any base chain is final, whatever later chains accept).
 */
export function cutNft(lab: Lab, t: TunnelModel): string {
  const a = t.hubEnd.underlay;
  const b = t.siteEnd.underlay;
  const ports = cutPorts(lab, t);
  const dport = ports.length === 1 ? `${ports[0]}` : `{ ${ports.join(", ")} }`;
  return [
    `table inet ${cutTable(t)} {`,
    "  chain forward {",
    "    type filter hook forward priority filter - 20; policy accept;",
    `    ip saddr ${a} ip daddr ${b} udp dport ${dport} counter drop comment "fault: ${t.device} underlay cut, ${t.hubEnd.vm} -> ${t.siteEnd.vm}"`,
    `    ip saddr ${b} ip daddr ${a} udp dport ${dport} counter drop comment "fault: ${t.device} underlay cut, ${t.siteEnd.vm} -> ${t.hubEnd.vm}"`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Loading the cut (its text on stdin: cutNft). */
export const cutArgv = (fabricNs: string): string[] => inNs(fabricNs, ["nft", "-f", "-"]);

/** Lifting the cut: its table deleted. */
export const uncutArgv = (fabricNs: string, t: TunnelModel): string[] => inNs(fabricNs, ["nft", "delete", "table", "inet", cutTable(t)]);
