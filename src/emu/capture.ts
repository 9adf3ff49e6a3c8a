// Runs a capture (its command line: commands/capture.ts) with its output on ours. Ctrl-C (SIGINT) or
// SIGTERM stops the child by its PID and waits for it: nothing keeps running.
import { spawn } from "node:child_process";
import { guard } from "./exec.js";
import { captureArgv, type CaptureOptions } from "./commands/capture.js";
import type { Loaded } from "./stack.js";

export interface CaptureResult {
  readonly code: number;
  readonly signal?: string;
}

/**
 * Runs the capture with its output on ours; resolves when tcpdump ended (count reached, time up,
 * or our SIGINT/SIGTERM passed to it by PID). `onStart` gets the child's PID.
 */
export function capture(loaded: Loaded, o: CaptureOptions, onStart: (pid: number) => void = () => {}): Promise<CaptureResult> {
  const argv = captureArgv(loaded, o);
  guard(argv);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "inherit", "inherit"] });
    const stop = (sig: NodeJS.Signals) => {
      if (child.pid && child.exitCode === null) process.kill(child.pid, sig === "SIGTERM" ? "SIGTERM" : "SIGINT");
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    const done = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    };
    child.on("error", (e) => (done(), reject(e)));
    child.on("spawn", () => child.pid && onStart(child.pid));
    child.on("close", (code, signal) => {
      done();
      resolve({ code: code ?? 130, ...(signal ? { signal } : {}) });
    });
  });
}
