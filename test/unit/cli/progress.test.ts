// up's progress: a status line on a TTY after the delay, nothing routine otherwise.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isRoutine, upProgress } from "../../../src/cli/progress.js";

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { isTTY, out, write: (s: string) => out.push(s) };
};

describe("up progress", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("knows up's routine lines", () => {
    expect(isRoutine("up dev: 4 VMs, 2 routers, 1 tunnels")).toBe(true);
    expect(isRoutine("  namespaces+links: 131 ms")).toBe(true);
    expect(isRoutine("SIGINT: stopping and cleaning up")).toBe(false);
    expect(isRoutine("up failed: boom; removing what was made")).toBe(false);
  });
  it("not a TTY: routine lines dropped, the others printed", () => {
    const s = sink(false);
    const p = upProgress(s, 2000);
    p.progress("up dev: 4 VMs, 2 routers, 1 tunnels");
    p.progress("  namespaces+links: 131 ms");
    vi.advanceTimersByTime(5000);
    p.progress("SIGINT: stopping and cleaning up");
    p.done();
    expect(s.out).toEqual(["SIGINT: stopping and cleaning up\n"]);
  });
  it("TTY, short up: nothing shown", () => {
    const s = sink(true);
    const p = upProgress(s, 2000);
    p.progress("up dev: 4 VMs, 2 routers, 1 tunnels");
    vi.advanceTimersByTime(600);
    p.progress("  first packet: 43 ms");
    p.done();
    vi.advanceTimersByTime(5000);
    expect(s.out).toEqual([]);
  });
  it("TTY, long up: a status line after the delay, rewritten per phase, erased at the end", () => {
    let t = 0;
    const s = sink(true);
    const p = upProgress(s, 2000, () => t);
    p.progress("up big: 300 VMs, 50 routers, 50 tunnels");
    t = 2000;
    vi.advanceTimersByTime(2000);
    expect(s.out.at(-1)).toBe("\r\x1b[Kup big: 300 VMs, 50 routers, 50 tunnels … 2.0 s");
    t = 4500;
    p.progress("  namespaces+links: 2200 ms");
    expect(s.out.at(-1)).toBe("\r\x1b[Knamespaces+links: 2200 ms … 4.5 s");
    p.done();
    expect(s.out.at(-1)).toBe("\r\x1b[K");
  });
});
