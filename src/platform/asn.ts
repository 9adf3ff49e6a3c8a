// AS numbers as documented: the IANA registries' reserved values, the private-use ranges of RFC 6996
// and the private ASNs Azure keeps for itself. The one home of these facts; rules/bgp.ts reads them.

/** The 4-octet AS number space (RFC 6793): 0..4294967295. */
export const ASN_LAST = 4_294_967_295;

/** "Autonomous System (AS) Reservation for Private Use", RFC 6996 §5 (https://www.rfc-editor.org/rfc/rfc6996):
 *  64512..65534 and 4200000000..4294967294. The lab's sessions never leave it, so its ASNs come from these. */
export const PRIVATE_ASNS: readonly (readonly [number, number])[] = [
  [64_512, 65_534],
  [4_200_000_000, 4_294_967_294],
];

/** Azure keeps 65515..65520 (all private) for itself. The VPN Gateway FAQ
 *  (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq#bgp, "What ASNs can I use?") lists
 *  "Reserved by Azure: ... Private ASNs: 65515, 65517, 65518, 65519, 65520", says "Azure VPN gateways have
 *  a default ASN of 65515 assigned", and ("What private ASNs can I use?") "The usable ranges of private
 *  ASNs are: 64512-65514 and 65521-65534". The Route Server FAQ
 *  (https://learn.microsoft.com/azure/route-server/route-server-faq, "What Autonomous System Numbers (ASNs)
 *  can I use?") lists the same five as "ASNs reserved by Azure" and requires a VPN gateway working with
 *  Route Server to "have the ASN set to 65515". 65516 is in neither reserved list; it is refused because
 *  the usable ranges leave it out (no page says what Azure uses it for). */
export const AZURE_ASNS: readonly [number, number] = [65_515, 65_520];

/** What the lab accepts, in words (config messages). */
export const USABLE_ASNS = "64512..65514, 65521..65534 or 4200000000..4294967294";

/**
 * Values no router may have, each with its reason (config messages), in the order the rules look.
 * IANA's "Autonomous System (AS) Numbers" and "Special-Purpose AS Numbers" registries
 * (https://www.iana.org/assignments/as-numbers/ , https://www.iana.org/assignments/iana-as-numbers-special-registry/).
 */
export const RESERVED_ASNS: readonly { readonly ranges: readonly (readonly [number, number])[]; readonly why: string }[] = [
  // RFC 7607 "proscribes the use of Autonomous System (AS) 0 in the Border Gateway Protocol (BGP) OPEN,
  // AS_PATH, AS4_PATH, AGGREGATOR, and AS4_AGGREGATOR attributes".
  { ranges: [[0, 0]], why: "is AS 0, which RFC 7607 forbids in BGP OPEN messages and AS paths" },
  // RFC 7300 "reserves two Autonomous System Numbers (ASNs) at the end of the 16-bit and 32-bit ranges".
  {
    ranges: [
      [65_535, 65_535],
      [ASN_LAST, ASN_LAST],
    ],
    why: "is one of the two last AS numbers, 65535 and 4294967295, which RFC 7300 reserves",
  },
  // RFC 6793: AS_TRANS (23456) stands in for a 4-octet AS number towards a speaker that knows only 2-octet ones.
  { ranges: [[23_456, 23_456]], why: "is AS_TRANS (RFC 6793), the stand-in for a 4-octet AS number in 2-octet fields, never a real AS" },
  // RFC 5398: "two blocks of Autonomous System numbers (ASNs) are reserved for use in examples in RFCs,
  // books, documentation, and the like".
  {
    ranges: [
      [64_496, 64_511],
      [65_536, 65_551],
    ],
    why: "is in 64496..64511 or 65536..65551, the blocks RFC 5398 reserves for documentation and examples",
  },
  // The IANA AS Numbers registry: 65552-131071 "Reserved".
  { ranges: [[65_552, 131_071]], why: "is in 65552..131071, which IANA keeps reserved (assigned to no one)" },
  {
    ranges: [AZURE_ASNS],
    why: "is in 65515..65520, which Azure keeps for itself: it reserves 65515 (its VPN gateways' default ASN) and 65517..65520, and leaves 65516 out of the private ranges it documents as usable (VPN Gateway and Route Server FAQs)",
  },
];

const within = (asn: number, ranges: readonly (readonly [number, number])[]) => ranges.some(([from, to]) => asn >= from && asn <= to);
/** The reserved block holding asn, with its reason; undefined for any other value. */
export const reservedAsn = (asn: number) => RESERVED_ASNS.find((r) => within(asn, r.ranges));
export const isPrivateAsn = (asn: number): boolean => within(asn, PRIVATE_ASNS);
