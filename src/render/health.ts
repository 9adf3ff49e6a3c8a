// hub.pair: each hub router's answer to the load balancer's health probe (lab.loadBalancer.probe):
// a Python 3 HTTP server (cloud-init/files/health.py.mustache, the same bytes on every router), its
// config (port, path, this router's prefixes) and a systemd unit. The emulation runs the same file in
// the router's namespace: `ip netns exec <ns> ...healthServiceArgv()` (the config at its real path,
// /etc being the namespace's own there), and stops it by PID.
import type { Lab } from "../model/types.js";
import type { RenderedFile } from "./router-files.js";
import { HEADER, renderTemplate } from "./templates.js";

/** Under /etc, so the emulation presents them at their real paths (ip netns exec bind-mounts /etc/netns/<ns>/ there). */
export const HEALTH_PATHS = {
  script: "/etc/hub-spoke-vxlan/health",
  config: "/etc/hub-spoke-vxlan/health.conf",
  unit: "/etc/systemd/system/hsv-health.service",
} as const;

/** The unit runcmd enables and starts (`systemctl enable --now`, which reloads systemd's units first). */
export const HEALTH_UNIT = "hsv-health.service";

/** What the server asks the kernel: the main table's routes FRR installed (zebra's proto bgp), as JSON. */
export const HEALTH_IP_ARGV = ["ip", "-j", "route", "show", "table", "main", "proto", "bgp"] as const;

/** An HTTP probe "will fail if no response is received before the configured interval period completes"
 *  (https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview): 5 s here, so
 *  ip and a slow client each get less. */
const IP_TIMEOUT_SECONDS = 2;
const REQUEST_TIMEOUT_SECONDS = 3;

/** Every address: Azure's probe comes from 168.63.129.16 to the NIC's address. */
export const HEALTH_BIND = "0.0.0.0";

/**
 * How to start the server: `python3 <script>` reads HEALTH_PATHS.config; `config` points it at
 * another file (tests: address 127.0.0.1, port 0). It listens until SIGTERM, prints
 * `health: listening on <address>:<port>, GET <path>` on stderr once bound, then one line per change
 * of its answer.
 */
export const healthServiceArgv = (config?: string): string[] => ["python3", HEALTH_PATHS.script, ...(config ? [config] : [])];

/** Whether this router answers the load balancer's probe: a hub router of a pair. */
export const answersHealth = (lab: Lab, vmName: string): boolean => !!lab.loadBalancer?.backends.includes(vmName);

export function renderHealthScript(): string {
  return renderTemplate("files/health.py.mustache", {
    header: HEADER,
    config: HEALTH_PATHS.config,
    ipCommand: HEALTH_IP_ARGV.join(" "),
    // A Python list of strings (JSON's string syntax is Python's for these).
    ipArgv: `[${HEALTH_IP_ARGV.map((a) => JSON.stringify(a)).join(", ")}]`,
    ipTimeout: IP_TIMEOUT_SECONDS,
    requestTimeout: REQUEST_TIMEOUT_SECONDS,
  });
}

/** The server's config text: where to listen and the prefixes that must be BGP routes (any address, port 0 allowed for tests). */
export function renderHealthConfig(c: { address: string; port: number; path: string; prefixes: readonly string[] }): string {
  return renderTemplate("files/health.conf.mustache", { header: HEADER, script: HEALTH_PATHS.script, ...c });
}

/** The router's three files (none for a router the load balancer does not probe). */
export function healthFiles(lab: Lab, vmName: string): RenderedFile[] {
  const lb = lab.loadBalancer;
  if (!lb || !answersHealth(lab, vmName)) return [];
  const { port, path } = lb.probe;
  const prefixes = lb.healthPrefixes[vmName];
  if (!prefixes) throw new Error(`unreachable: ${vmName} is a backend of ${lb.name} without health prefixes`);
  return [
    { path: HEALTH_PATHS.script, content: renderHealthScript(), permissions: "0755", owner: "root:root" },
    {
      path: HEALTH_PATHS.config,
      content: renderHealthConfig({ address: HEALTH_BIND, port, path, prefixes }),
      permissions: "0644",
      owner: "root:root",
    },
    {
      path: HEALTH_PATHS.unit,
      content: renderTemplate("files/health.service.mustache", {
        header: HEADER,
        port,
        path,
        config: HEALTH_PATHS.config,
        execStart: ["/usr/bin/python3", HEALTH_PATHS.script].join(" "),
      }),
      permissions: "0644",
      owner: "root:root",
    },
  ];
}
