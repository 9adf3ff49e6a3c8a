// tcpdump inside one VM's namespace, bounded by packet count and time, VXLAN decoded on the lab's
// own port (tcpdump's -T vxlan, which tcpdump applies to UDP 4789 by itself, is asked for on any
// other port with a filter that keeps the VXLAN and the rest of the traffic).
import { inNs } from "./argv.js";
import type { Loaded } from "../stack.js";

export interface CaptureOptions {
  readonly vm: string;
  readonly dev?: string;
  readonly file?: string;
  readonly count?: number;
  readonly seconds?: number;
  /** tcpdump filter words (after --). */
  readonly filter?: readonly string[];
}

export const CAPTURE_DEFAULTS = { count: 100, seconds: 30 } as const;

/** PURE: the argv run inside the VM's namespace. */
export function captureArgv(loaded: Loaded, o: CaptureOptions): string[] {
  const node = loaded.topo.nodes.find((n) => n.vm.name === o.vm);
  if (!node) throw new CaptureError(`unknown VM "${o.vm}": ${loaded.topo.nodes.map((n) => n.vm.name).join(", ")}`);
  const count = o.count ?? CAPTURE_DEFAULTS.count;
  const seconds = o.seconds ?? CAPTURE_DEFAULTS.seconds;
  if (!Number.isInteger(count) || count < 1) throw new CaptureError(`-c ${count}: a whole number of packets, at least 1`);
  if (!(seconds > 0) || seconds > 3600) throw new CaptureError(`--seconds ${seconds}: from 0 to 3600`);
  const port = loaded.lab.vxlanPort;
  const argv = [
    "timeout",
    "--signal=INT",
    "--kill-after=2",
    String(seconds),
    "tcpdump",
    "-Z",
    "root",
    "-i",
    o.dev ?? "eth0",
    "-nn",
    "-l",
    "-c",
    String(count),
  ];
  if (o.file) argv.push("-w", o.file, "-U");
  // Decode VXLAN on the lab's port: tcpdump decodes 4789 itself; any other port needs -T vxlan,
  // which applies to every UDP packet the filter passes, so the filter keeps to that port.
  const filter = [...(o.filter ?? [])];
  if (port !== 4789 && !o.file) {
    argv.push("-T", "vxlan");
    argv.push(filter.length ? `udp port ${port} and (${filter.join(" ")})` : `udp port ${port}`);
  } else if (filter.length) argv.push(filter.join(" "));
  return inNs(node.ns, argv);
}

/** PURE: how to read a pcap of this lab back with VXLAN decoded (-T vxlan on the lab's port when it is not 4789). */
export function readArgv(loaded: Loaded, file: string): string[] {
  const port = loaded.lab.vxlanPort;
  return ["tcpdump", "-r", file, "-nn", "-e", ...(port !== 4789 ? ["-T", "vxlan", `udp port ${port}`] : [])];
}

export class CaptureError extends Error {
  override name = "CaptureError";
}
