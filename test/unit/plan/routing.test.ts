// lab plan with routing: bgp: one RandomPassword per tunnel and nothing else added (no Azure resource,
// the same bill and critical path, the same UDRs), and two lines saying what the option changes. A
// static lab's plan is the seed's: no routing key, no RandomPassword, no routing lines.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildPlan, renderPlan, type Plan } from "../../../src/plan/plan.js";
import { plannedResources, TYPES } from "../../../src/plan/resources.js";
import type { Fetcher } from "../../../src/plan/retail-api.js";
import type { Lab } from "../../../src/model/types.js";
import { bgp, editedLab } from "../../support/config-edit.js";
import { labOf, stackLabel, STACKS } from "../../support/stacks.js";
import { nonEmpty } from "../../support/non-empty.js";

const unreachable: Fetcher = async () => {
  throw new TypeError("fetch failed");
};
const planFor = (lab: Lab): Promise<Plan> =>
  buildPlan(lab, "x", "japaneast", { fetcher: unreachable, cacheDir: mkdtempSync(join(tmpdir(), "hsv-plan-")) });

describe.each(nonEmpty(STACKS.map((s) => [stackLabel(s), s])))("lab plan of %s", (_label, stack) => {
  it("static: no routing key, no RandomPassword, no routing lines", async () => {
    const p = await planFor(labOf(stack));
    expect(Object.keys(p)).toEqual(["stack", "region", "counts", "total", "criticalPath", "billing"]);
    expect(p.counts[TYPES.password]).toBeUndefined();
    expect(renderPlan(p)).not.toMatch(/routing|RandomPassword|bgp/);
  });

  it("bgp: one RandomPassword per tunnel, every other count, the critical path, the bill and the UDRs as static", async () => {
    const lab = editedLab(stack, bgp);
    const [s, b] = await Promise.all([planFor(labOf(stack)), planFor(lab)]);
    const { [TYPES.password]: passwords, ...rest } = b.counts;
    expect(passwords).toBe(lab.tunnels.length);
    expect(rest).toEqual(s.counts);
    expect(b.total).toBe(s.total + lab.tunnels.length);
    expect(b.criticalPath).toEqual(s.criticalPath);
    expect(b.billing).toEqual(s.billing);
    expect(lab.routeTables).toEqual(labOf(stack).routeTables);
    expect(lab.onpremRouteTables).toEqual(labOf(stack).onpremRouteTables);
    expect(b.routing).toMatchObject({ routing: "bgp", sessions: lab.tunnels.length, passwords: lab.tunnels.length });
  });

  it("bgp: the text is the static one plus the RandomPassword count, the two routing lines and the new total", async () => {
    const lab = editedLab(stack, bgp);
    const [s, b] = await Promise.all([planFor(labOf(stack)), planFor(lab)]);
    const n = lab.tunnels.length;
    const want = renderPlan(s)
      .replace(/: (\d+) resources\n/, (_m, t: string) => `: ${Number(t) + n} resources\n`)
      .replace(
        /\n\ncritical path:/,
        `\n  RandomPassword${" ".repeat(PAD(s) - 14)}  ${n}  (stack state only, nothing in Azure)\n\n${b.routing!.text.join("\n")}\n\ncritical path:`,
      );
    expect(renderPlan(b)).toBe(want);
  });
});

/** The width of the counts' name column (RandomPassword is shorter than the longest name there). */
const PAD = (p: Plan) =>
  Math.max(
    ...Object.keys(p.counts).map(
      (t) =>
        t
          .split(":")
          .pop()!
          .replace(/^Resource$/, "CreationPin").length,
    ),
  );

describe("what the routing lines say (dev)", () => {
  it("bgpd and bfdd, a session per tunnel, withdrawal within about a second, one password per tunnel, no Azure resource, cost and UDRs unchanged", async () => {
    const text = renderPlan(await planFor(editedLab("dev", bgp)));
    expect(text).toContain(
      "routing: bgp: the routers run bgpd and bfdd, one eBGP session per tunnel (1); a dead tunnel's prefixes are withdrawn within about a second (BFD 300 ms x 3) instead of black-holed\n" +
        "  adds 1 RandomPassword (one per tunnel: its session's MD5 password, a Pulumi secret) and no Azure resource: cost unchanged; UDRs unchanged (Azure's own routing does not learn from these routers)\n",
    );
    expect(text).toMatch(/^plan for stack x \(japaneast\): 26 resources$/m);
    expect(text).toMatch(/^ {2}RandomPassword {9}1 {2}\(stack state only, nothing in Azure\)$/m);
  });
  it("each password is named as the program names it, and the routers (not the hosts) wait for theirs", () => {
    const planned = plannedResources(editedLab("dev", bgp));
    expect(planned.filter((r) => r.type === TYPES.password).map((r) => r.name)).toEqual(["bgp-vnet-hub100"]);
    const pw = `${TYPES.password}/bgp-vnet-hub100`;
    const waiting = planned.filter((r) => r.deps.includes(pw)).map((r) => r.name);
    expect(waiting).toEqual(["vm-hub00", "vm-hub100"]);
  });
});
