// What the emulation needs from the host: root, and the tools the documents' packages stand for
// (checked, never installed).
import { PACKAGE_TOOLS, type Plan } from "./commands/cloud-init.js";
import { hostHas } from "./exec.js";
import { PrereqError } from "../prereq.js";
import { PROBE_INTERPRETER } from "../render/probe.js";

// The probe every VM carries runs on python3 (its shebang), as does verify's listener (emu/listener.py).
export const BASE_TOOLS = ["ip", "sysctl", "nft", "iptables", "run-parts", "ping", PROBE_INTERPRETER];
export const INSTALL_HINT =
  "apt-get install iproute2 frr nftables iptables traceroute tcptraceroute socat iputils-ping netcat-openbsd python3 (or: npm run setup)";

/** Root and the host tools every document's packages stand for; throws PrereqError saying how to get them. */
export function checkPrereqs(plans: readonly Plan[] = []): void {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push("run as root (network namespaces and FRR need it), e.g. sudo npm run lab -- up");
  const tools = new Set(BASE_TOOLS);
  for (const p of plans) for (const pkg of p.packages) for (const t of PACKAGE_TOOLS[pkg] ?? []) tools.add(t);
  // A unit the document writes runs its ExecStart's program (the health answer: /usr/bin/python3).
  for (const p of plans) for (const s of p.steps) if (s.kind === "service") tools.add(s.argv[0]!);
  const absent = [...tools].filter((t) => !hostHas(t));
  if (absent.length) problems.push(`missing tools: ${absent.join(", ")}; install them: ${INSTALL_HINT}`);
  if (problems.length) throw new PrereqError(problems.join("\n"));
}
