// SSH sources (src/config/rules/access.ts): canonical IPv4, never the whole Internet, however spelled.
import { describe, expect, it } from "vitest";
import { checkAccess } from "../../../../src/config/rules/access.js";
import { problemsOf } from "../../../support/problems.js";
import { nonEmpty } from "../../../support/non-empty.js";

const ssh = (...prefixes: string[]) => problemsOf((c) => (c.access = { sshSourcePrefixes: prefixes }));
const WHOLE = (s: string) => `"${s}" means the whole Internet (0.0.0.0/0) and would open SSH to it; name your own prefix`;
const ALL = expect.stringMatching(
  /^together .* cover every public IPv4 address \(all but 0\.0\.0\.0\/8, .*\) and would open SSH to the whole Internet; name your own prefix$/,
);

describe("SSH source prefixes", () => {
  it("an address, a prefix, and a /8 are fine", () => expect(ssh("203.0.113.7", "198.51.100.0/24", "10.0.0.0/8")).toEqual([]));

  it.each(nonEmpty([" Internet ", "ANY", "*", "0.0.0.0/0"]))("%j is the whole Internet", (s) =>
    expect(ssh(s)).toEqual([{ key: "access.sshSourcePrefixes[0]", message: WHOLE(s) }]),
  );

  it("prefixes that together cover IPv4, in any order, with overlaps", () => {
    expect(ssh("128.0.0.0/1", "0.0.0.0/1")).toEqual([{ key: "access.sshSourcePrefixes", message: ALL }]);
    expect(ssh("0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1")).toEqual([{ key: "access.sshSourcePrefixes", message: ALL }]);
    expect(ssh("0.0.0.0/1", "100.0.0.0/8", "128.0.0.0/2", "192.0.0.0/2")).toEqual([{ key: "access.sshSourcePrefixes", message: ALL }]);
  });

  it("a gap anywhere, at the start or at the end, is not everything", () => {
    expect(ssh("0.0.0.0/1", "128.0.0.0/2")).toEqual([]); // 192.0.0.0/2 missing (the end)
    expect(ssh("64.0.0.0/2", "128.0.0.0/1")).toEqual([]); // 0.0.0.0/2 missing (the start)
    expect(ssh("0.0.0.0/2", "128.0.0.0/1")).toEqual([]); // 64.0.0.0/2 missing (the middle)
    // …but a gap of special-purpose space only (224.0.0.0/3: multicast and reserved) is everything public.
    expect(ssh("255.255.255.255/32", "0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3")).toEqual([
      { key: "access.sshSourcePrefixes", message: expect.stringMatching(/cover every public IPv4 address/) },
    ]);
  });

  it("not an address at all; IPv6 is named", () => {
    expect(ssh("bogus")).toEqual([{ key: "access.sshSourcePrefixes[0]", message: '"bogus" is neither an IPv4 address nor a prefix' }]);
    expect(ssh("2001:db8::/32")).toEqual([
      { key: "access.sshSourcePrefixes[0]", message: '"2001:db8::/32" is neither an IPv4 address nor a prefix (IPv6 is not supported)' },
    ]);
  });

  it("host bits set and a non-canonical address are refused, each on its index", () => {
    const p = ssh("203.0.113.0/24", "10.0.0.1/8", "010.1.2.3");
    expect(p.map((x) => x.key)).toEqual(["access.sshSourcePrefixes[1]", "access.sshSourcePrefixes[2]"]);
  });

  it("checkAccess on its own: one prefix is never 'together'", () => {
    expect(checkAccess({ sshSourcePrefixes: ["0.0.0.0/1"] } as never)).toEqual([]);
  });
});

describe("SSH sources: spelling", () => {
  it("a /0 with spaces around it is still the whole Internet", () =>
    expect(ssh(" 0.0.0.0/0 ")).toEqual([{ key: "access.sshSourcePrefixes[0]", message: WHOLE(" 0.0.0.0/0 ") }]));
  it("an address with a leading zero is told its canonical address (not a prefix)", () =>
    expect(ssh("010.1.2.3")).toEqual([
      {
        key: "access.sshSourcePrefixes[0]",
        message: '"010.1.2.3" is not written canonically: write 10.1.2.3 (leading zeros: some tools read 010 as octal 8)',
      },
    ]));
});
