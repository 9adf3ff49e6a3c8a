// Prefixes are judged by value: one canonical spelling is accepted, every other spelling is refused
// with the canonical one, and "the whole Internet" is caught however it is written.
import { describe, expect, it } from "vitest";
import { expectOnly, problemsOf } from "../../support/problems.js";
import { nonEmpty } from "../../support/non-empty.js";

describe("non-canonical spellings are refused with the canonical one", () => {
  it.each(
    nonEmpty([
      ["10.0.0.0/016", '"10.0.0.0/016" is not written canonically: write 10.0.0.0/16'],
      ["010.0.0.0/16", '"010.0.0.0/16" is not written canonically: write 10.0.0.0/16 (leading zeros: some tools read 010 as octal 8)'],
      ["10/16", '"10/16" is not written canonically: write 10.0.0.0/16'],
      ["10.0.0.1/16", '"10.0.0.1/16" is not an IPv4 prefix with zero host bits: did you mean 10.0.0.0/16?'],
      ["fd00::/8", '"fd00::/8" is not an IPv4 prefix (IPv6 is not supported)'],
    ]),
  )("address space %s", (text, message) => expectOnly((c) => (c.hub.addressSpace = [text]), "hub.addressSpace[0]", message));

  it("subnet prefix", () =>
    expectOnly(
      (c) => (c.spokes[0].subnets[0].prefix = "10.10.00.0/24"),
      "spokes[0].subnets[0].prefix",
      '"10.10.00.0/24" is not written canonically: write 10.10.0.0/24 (leading zeros: some tools read 010 as octal 8)',
    ));
  it("VM address", () =>
    expectOnly(
      (c) => (c.spokes[0].hosts[0].address = "10.10.0.04"),
      "spokes[0].hosts[0].address",
      '"10.10.0.04" is not written canonically: write 10.10.0.4 (leading zeros: some tools read 010 as octal 8)',
    ));
  it("tunnel address", () =>
    expectOnly(
      (c) => (c.sites[0].tunnel.hubAddress = "169.254.0.1/024"),
      "sites[0].tunnel.hubAddress",
      '"169.254.0.1/024" is not written canonically: write 169.254.0.1/24',
    ));
  it("SSH source with host bits", () =>
    expectOnly(
      (c) => (c.access = { sshSourcePrefixes: ["203.0.113.7/24"] }),
      "access.sshSourcePrefixes[0]",
      '"203.0.113.7/24" is not an IPv4 prefix with zero host bits: did you mean 203.0.113.0/24?',
    ));
  it("canonical spellings pass", () =>
    expect(problemsOf((c) => (c.access = { sshSourcePrefixes: ["203.0.113.0/24", "198.51.100.7", "10.0.0.0/8"] }))).toEqual([]));
});

describe("SSH from the whole Internet, however it is spelled", () => {
  it.each(nonEmpty(["0.0.0.0/0", "0/0", "0.0.0.0/00", "000.0.0.0/0", "10.0.0.0/0", "Internet", "internet", "*", "Any"]))("%s", (s) =>
    expectOnly(
      (c) => (c.access = { sshSourcePrefixes: [s] }),
      "access.sshSourcePrefixes[0]",
      `"${s}" means the whole Internet (0.0.0.0/0) and would open SSH to it; name your own prefix`,
    ),
  );
  it("two halves that cover everything", () =>
    expectOnly(
      (c) => (c.access = { sshSourcePrefixes: ["0.0.0.0/1", "128.0.0.0/1"] }),
      "access.sshSourcePrefixes",
      /cover every public IPv4 address/,
    ));
  it("IPv6 is refused as not IPv4", () =>
    expectOnly(
      (c) => (c.access = { sshSourcePrefixes: ["::/0"] }),
      "access.sshSourcePrefixes[0]",
      '"::/0" is neither an IPv4 address nor a prefix (IPv6 is not supported)',
    ));
});
