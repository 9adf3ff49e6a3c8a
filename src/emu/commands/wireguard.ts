// WireGuard routers in the emulation: this host's kernel has no WireGuard, so wireguard-go and wg
// meet at /run/wireguard/<dev>.sock, each router's own folder bind-mounted there (wireguard.ts).
import { inNs } from "./argv.js";
import type { VmNode } from "./topology.js";

/** Where wg and wireguard-go look for the UAPI socket (compiled in; no option or variable moves it). */
export const WG_RUN = "/run/wireguard";
export const WG_PROCESS = "wireguard-go";

export const hasWireguard = (n: VmNode): boolean => !!n.router?.tunnels.some((t) => t.tunnel.wireguard);
/** This router's own /run/wireguard (under its run dir, so a rebuild or `down` removes it). */
export const socketDir = (n: VmNode): string => `${n.runDir}/wireguard`;

/** The first step of every command list run in a WireGuard router: its own socket folder at /run/wireguard. */
export const mountStep = (n: VmNode): string[] => ["mount", "--bind", socketDir(n), WG_RUN];

/** argv inside the router's namespace with its socket folder mounted (e.g. `wg show`); plain inNs elsewhere. */
export function inRouter(n: VmNode, argv: readonly string[]): string[] {
  if (!hasWireguard(n)) return inNs(n.ns, argv);
  return inNs(n.ns, ["sh", "-c", `mount --bind "$0" ${WG_RUN} && exec "$@"`, socketDir(n), ...argv]);
}
