// The session password protects: the site router rebuilt with one character of its frr.conf
// password changed never gets its session to the hub router Established (the hub's kernel drops
// every segment whose MD5 signature is wrong), and the routes never come; rebuilt with the right
// one, the session and the matrix come back.
import { describe, expect, it } from "vitest";
import { planFor } from "../../src/emu/commands/cloud-init.js";
import { PATHS } from "../../src/render/router-files.js";
import { rebuild, routerNode } from "../../src/emu/faults.js";
import { stackKeys } from "../../src/emu/wireguard.js";
import { vtysh } from "../../src/emu/frr.js";
import { loadStack } from "../../src/emu/stack.js";
import { variantStack } from "../../src/emu/variants.js";
import { failing, settledVerify, skipReason, upForSuite } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skipReason)("routing: bgp session password (dev topology)", () => {
  const l = skipReason ? undefined! : loadStack(variantStack("bgp-md5", (lab) => void (lab.routing = "bgp")));
  upForSuite(l);

  const hubState = async (): Promise<string> => {
    const out = (await vtysh(routerNode(l, "vm-hub00"), ["-c", "show bgp neighbors 169.254.0.2 json"])).stdout;
    return (JSON.parse(out || "{}") as Record<string, { bgpState?: string }>)["169.254.0.2"]?.bgpState ?? "none";
  };

  it("a wrong password on one end: never Established (6 s, polled), no route; the right one: back", async () => {
    expect(await hubState()).toBe("Established");
    const site = routerNode(l, "vm-hub100");
    const plan = planFor(l.lab, site, stackKeys(l.lab, l.topo.stack));
    const frr = plan.files.find((f) => f.path === PATHS.frr)!;
    const line = /^ neighbor 169\.254\.0\.1 password (\S+)$/m.exec(frr.content)!;
    const wrong = line[1]!.slice(0, -1) + (line[1]!.endsWith("0") ? "1" : "0");
    const tampered = {
      ...plan,
      files: plan.files.map((f) =>
        f === frr ? { ...f, content: f.content.replace(line[0], ` neighbor 169.254.0.1 password ${wrong}`) } : f,
      ),
    };
    await rebuild(l, site, true, tampered);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      seen.add(await hubState());
      await sleep(200);
    }
    expect(seen.has("Established")).toBe(false);
    const routes = (await vtysh(routerNode(l, "vm-hub00"), ["-c", "show ip route 10.100.0.0/16 json"])).stdout;
    expect(JSON.stringify(JSON.parse(routes || "{}"))).not.toContain('"protocol":"bgp"');

    await rebuild(l, site);
    let state = "";
    for (let i = 0; i < 100 && state !== "Established"; i++) {
      state = await hubState();
      if (state !== "Established") await sleep(200);
    }
    expect(state).toBe("Established");
    expect(failing(await settledVerify(l, 5))).toEqual([]);
  });
});
