// The reachability probe every VM carries (cloud-init/files/probe.py.mustache): the emulation's
// verify runs it in each namespace, Azure's run-commands run it on each VM — the same bytes.
// Python (cloud-init's own interpreter, on every Ubuntu image): one process probes all of a VM's
// targets, where a shell probe started ping, nc, traceroute and a subshell per target.
import { LOST, MAX_HOPS, PROBE_PORT } from "../probe/contract.js";
import { BGP_SUMMARY_CMD, BGP_TABLE_CMD } from "../probe/bgp.js";
import type { RenderedFile } from "./router-files.js";
import { HEADER, renderTemplate } from "./templates.js";

/** Under /etc, so the emulation presents it at its real path (ip netns exec bind-mounts /etc). */
export const PROBE_PATH = "/etc/hub-spoke-vxlan/probe";
/** Its interpreter (the shebang; Azure's run-command names it). */
export const PROBE_INTERPRETER = "/usr/bin/python3";

/**
 * The template without its comment lines and blank lines (customData is capped at 64 KB, and every
 * VM carries the probe): the shebang, the header and a pointer to the commented source stay.
 */
export function renderProbe(): string {
  const text = renderTemplate("files/probe.py.mustache", {
    header: HEADER,
    port: PROBE_PORT,
    maxHops: MAX_HOPS,
    lost: LOST,
    bgpSummary: BGP_SUMMARY_CMD,
    bgpTable: BGP_TABLE_CMD,
  });
  const [shebang, header, ...rest] = text.split("\n");
  const code = rest.filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"));
  return [shebang, header, `# ${PROBE_SOURCE} (with its comments)`, ...code, ""].join("\n");
}

/** Where the probe's commented source is, in this repository. */
export const PROBE_SOURCE = "cloud-init/files/probe.py.mustache";

export const probeFile = (): RenderedFile => ({ path: PROBE_PATH, content: renderProbe(), permissions: "0755", owner: "root:root" });
