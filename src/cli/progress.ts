// Progress of a long `up` for a person at a terminal: after `delayMs` (a couple of seconds) one
// status line on stderr, rewritten in place as phases finish, erased at the end. Not a TTY (a
// pipe, CI, a test): the routine phase lines are dropped, so the output stays quiet. Lines that
// are not routine (SIGINT, "up failed: ...", "stopping N process(es)") are always printed.
import type { Progress } from "../emu/lifecycle.js";

export interface Sink {
  readonly isTTY?: boolean;
  write(s: string): unknown;
}

/** Phase lines from up ("  <phase>: N ms") and its header ("up <stack>: N VMs, ..."). */
export const isRoutine = (line: string): boolean => /^ {2}\S.*: \d+ ms$/.test(line) || /^up \S+: \d+ VMs, /.test(line);

export interface UpProgress {
  readonly progress: Progress;
  /** Erases the status line (if shown) and stops the timer. */
  done(): void;
}

export function upProgress(sink: Sink = process.stderr, delayMs = 2000, now: () => number = Date.now): UpProgress {
  const t0 = now();
  let last = "";
  let shown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    sink.write(`\r\x1b[K${last.trim()} … ${((now() - t0) / 1000).toFixed(1)} s`);
    shown = true;
  };
  const clear = () => {
    if (shown) sink.write("\r\x1b[K");
    shown = false;
  };
  if (sink.isTTY) {
    timer = setTimeout(() => {
      timer = undefined;
      if (last) draw();
    }, delayMs);
    timer.unref?.();
  }
  return {
    progress: (line) => {
      if (!isRoutine(line)) {
        clear();
        sink.write(`${line}\n`);
        if (sink.isTTY && last && timer === undefined) draw();
        return;
      }
      last = line;
      if (sink.isTTY && timer === undefined) draw();
    },
    done: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      clear();
      last = "";
    },
  };
}
