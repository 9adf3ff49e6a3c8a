// The post-up script on an encrypted hub with several tunnels, run again by the dispatcher after one
// tunnel's WireGuard file went bad: that tunnel is left down and says why, every other tunnel
// comes back, and the script exits non-zero. (Deleting every tunnel first and stopping at the
// broken one, as a first batched version did, left the hub with no tunnel at all.)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/emu/exec.js";
import { routerNode, rerunPostUp } from "../../src/emu/faults.js";
import { loadStack } from "../../src/emu/stack.js";
import { variantOf } from "../../src/emu/variants.js";
import { skipReason, upForSuite } from "./helpers.js";

describe.skipIf(skipReason)("post-up on an encrypted 3x4 hub: one broken tunnel leaves the others up", () => {
  const l = skipReason
    ? undefined!
    : loadStack(
        variantOf("test/fixtures/Pulumi.3x4.yaml", "postup-wg", (lab) => (lab.features = { ...lab.features, encryption: "wireguard" })),
      );
  upForSuite(l);

  it("wg2.conf unreadable: vxlan0, vxlan1 and vxlan3 up, vxlan2 absent, exit non-zero with the reason", async () => {
    const hub = routerNode(l, "vm-hub00");
    const tunnelsUp = async () =>
      ((await run(["ip", "-n", hub.ns, "-j", "link", "show"])).stdout.match(/"ifname":"vxlan\d+"[^}]*?"operstate":"(UNKNOWN|UP)"/g) ?? [])
        .map((m) => /vxlan\d+/.exec(m)![0])
        .sort();
    expect(await tunnelsUp()).toEqual(["vxlan0", "vxlan1", "vxlan2", "vxlan3"]);
    writeFileSync(join(hub.etcDir, "wireguard", "wg2.conf"), "[Interface]\nPrivateKey = not-a-key\n");
    const e = await rerunPostUp(l, hub, 1).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).toContain("cannot configure wg2 from /etc/wireguard/wg2.conf; tunnel left down");
    expect(await tunnelsUp()).toEqual(["vxlan0", "vxlan1", "vxlan3"]);
  });
});
