// The shapes of a command the emulation runs, built without running anything.

/** `ip netns exec NS argv...` */
export const inNs = (ns: string, argv: readonly string[]): string[] => ["ip", "netns", "exec", ns, ...argv];

/** One command of runSteps: its argv, or `{ argv, quiet }` for one whose stdio must be /dev/null. */
export type Step = readonly string[] | { readonly argv: readonly string[]; readonly quiet: true };
export const stepArgv = (s: Step): readonly string[] => ("argv" in s ? s.argv : (s as readonly string[]));
