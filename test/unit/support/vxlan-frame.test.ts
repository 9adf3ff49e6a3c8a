import { describe, expect, it } from "vitest";
import { arpReply, ethernet, ipv4Checksum, ipv4Udp, vxlanPacket } from "../../support/vxlan-frame.js";

describe("crafted VXLAN frames (attack tooling for the ingress tests)", () => {
  it("IPv4 header checksum matches the RFC 1071 worked example", () => {
    // Header from RFC 1071 / Wikipedia's example: 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7
    const h = Buffer.from("450000730000400040110000c0a80001c0a800c7", "hex");
    expect(ipv4Checksum(h).toString(16)).toBe("b861");
  });
  it("a VXLAN packet carries the VNI and the inner frame", () => {
    const inner = ethernet(
      "02:00:00:00:00:01",
      "02:00:00:00:00:02",
      0x0800,
      ipv4Udp("10.100.0.5", "10.10.0.4", 40000, 5555, Buffer.from("x")),
    );
    const p = vxlanPacket(77, inner);
    expect(p.subarray(0, 8).toString("hex")).toBe("0800000000004d00");
    expect(p.length).toBe(8 + 14 + 20 + 8 + 1);
    const ipHdr = p.subarray(22, 42);
    expect(ipv4Checksum(ipHdr)).toBe(0); // a correct header sums to zero
  });
  it("ARP reply layout", () => {
    const a = arpReply("02:aa:bb:cc:dd:ee", "169.254.0.2", "02:00:00:00:00:01", "169.254.0.1");
    expect(a.toString("hex")).toBe("000108000604000202aabbccddeea9fe0002020000000001a9fe0001");
  });
});
