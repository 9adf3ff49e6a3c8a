// The shapes of a command the emulation runs, built without running anything.

/** `ip netns exec NS argv...` */
export const inNs = (ns: string, argv: readonly string[]): string[] => ["ip", "netns", "exec", ns, ...argv];

/**
 * One command of runSteps: its argv, `{ argv, quiet }` for one whose stdio must be /dev/null, or
 * one the runner's shell plays without a process of its own: `sysctl` keys ("net.ipv4.x=1", what
 * `sysctl -w` writes, written to /proc/sys by the shell) and `ipBatch` lines (fed to `ip -batch -`).
 * `daemon`: a daemon left running (in the runner's own session), stdio /dev/null; the step ends
 * once `ready` (a socket it creates when it serves) exists, and fails if the daemon exits first or
 * after `withinS` seconds (default 20), when it is stopped.
 */
export type Step =
  | readonly string[]
  | { readonly argv: readonly string[]; readonly quiet: true }
  | { readonly sysctl: readonly string[] }
  | { readonly ipBatch: readonly string[] }
  | { readonly daemon: readonly string[]; readonly ready: string; readonly withinS?: number };

/** What a step runs, as argv (for the guard and for error messages). */
export const stepArgv = (s: Step): readonly string[] =>
  "argv" in s
    ? s.argv
    : "daemon" in s
      ? s.daemon
      : "sysctl" in s
        ? ["sysctl", "-qw", ...s.sysctl]
        : "ipBatch" in s
          ? ["ip", "-batch", "-"]
          : (s as readonly string[]);
