// The prefix arithmetic itself, with values worked out by hand (RFC 4632 CIDR notation; dotted decimal
// as in RFC 791, no octal or shorthand forms accepted).
import { describe, expect, it } from "vitest";
import {
  addressOf,
  addressProblem,
  addressToInt,
  containsPrefix,
  isAddress,
  mustPrefix,
  parsePrefix,
  prefixProblem,
  prefixValue,
} from "../../../src/net/cidr.js";
import { nonEmpty } from "../../support/non-empty.js";

describe("prefixValue reads any readable spelling, and nothing else", () => {
  it.each(
    nonEmpty([
      ["x10.0.0.0/16"], // junk before
      ["10.0.0.0/16x"], // junk after
      ["10.1"], // shorthand without a length is an address only to inet_aton
      ["256.0.0.0/8"], // octet out of range
      ["10.0.0.0/33"], // length out of range
      ["10.0.0.300"],
    ]),
  )("%s is unreadable", (text) => expect(prefixValue(text)).toBeUndefined());

  it("shorthand and bare addresses", () => {
    // 10/8 = 10.0.0.0/8: network 10 * 2^24 = 167772160
    expect(prefixValue("10/8")).toEqual({ text: "10/8", network: 167772160, length: 8 });
    // a bare address is a /32: 10.1.2.3 = 10*2^24 + 1*2^16 + 2*2^8 + 3 = 167838211
    expect(prefixValue("10.1.2.3")).toEqual({ text: "10.1.2.3", network: 167838211, length: 32 });
    // host bits dropped: 10.1.2.3/16 -> 10.1.0.0 = 167837696
    expect(prefixValue("10.1.2.3/16")).toEqual({ text: "10.1.2.3/16", network: 167837696, length: 16 });
  });
});

describe("addresses", () => {
  it("isAddress accepts only canonical dotted decimal", () => {
    expect(isAddress("10.0.0.4")).toBe(true);
    for (const t of ["10.0.0.04", "010.0.0.4", "10.1", "10.0.0.256", "10.0.0.0/16"]) expect(isAddress(t), t).toBe(false);
  });
  it("addressToInt refuses a non-canonical address instead of reading it as octal", () => {
    expect(addressToInt("10.0.0.4")).toBe(167772164);
    expect(() => addressToInt("10.0.0.04")).toThrow("not an IPv4 address: 10.0.0.04");
  });
  it("addressProblem", () => {
    expect(addressProblem("10.0.0.4")).toBeUndefined();
    expect(addressProblem("10.0.0.0/16")).toBe('"10.0.0.0/16" is not an IPv4 address');
    expect(addressProblem("10.0.0.04")).toBe(
      '"10.0.0.04" is not written canonically: write 10.0.0.4 (leading zeros: some tools read 010 as octal 8)',
    );
    expect(addressProblem("fd00::1")).toBe('"fd00::1" is not an IPv4 address (IPv6 is not supported)');
  });
  it("addressOf takes the address out of interface notation", () => {
    expect(addressOf("169.254.0.1/24")).toBe("169.254.0.1");
    expect(addressOf("")).toBe("");
  });
});

describe("prefixProblem", () => {
  it("a canonical prefix has none", () => {
    expect(prefixProblem("10.0.0.0/16")).toBeUndefined();
    expect(prefixProblem("169.254.0.1/24", true)).toBeUndefined();
  });
  it("unreadable text gets an example of each notation", () => {
    expect(prefixProblem("foo")).toBe('"foo" is not an IPv4 prefix (e.g. 10.0.0.0/16)');
    expect(prefixProblem("foo", true)).toBe('"foo" is not an IPv4 address with a prefix length (e.g. 169.254.0.1/24)');
  });
  it("a zero that is not a leading zero gets no octal note", () => {
    // "100" contains "00" but starts with 1: nobody reads it as octal
    expect(prefixProblem("10.100.0.0/016")).toBe('"10.100.0.0/016" is not written canonically: write 10.100.0.0/16');
  });
});

describe("parsePrefix / mustPrefix / containsPrefix", () => {
  it("mustPrefix refuses host bits unless asked for interface notation", () => {
    expect(() => mustPrefix("10.0.0.1/16")).toThrow("not an IPv4 prefix: 10.0.0.1/16");
    expect(mustPrefix("10.0.0.1/16", true)).toEqual({ text: "10.0.0.1/16", network: 167772160, length: 16 });
    expect(parsePrefix("10.0.0.1/16")).toBeUndefined();
  });
  it("a prefix that ends where its container ends is inside it", () => {
    // 10.0.255.0/24 ends at 10.0.255.255, the last address of 10.0.0.0/16
    expect(containsPrefix(mustPrefix("10.0.0.0/16"), mustPrefix("10.0.255.0/24"))).toBe(true);
    expect(containsPrefix(mustPrefix("10.0.0.0/16"), mustPrefix("10.0.0.0/16"))).toBe(true);
    expect(containsPrefix(mustPrefix("10.0.0.0/16"), mustPrefix("10.1.0.0/24"))).toBe(false);
  });
});
