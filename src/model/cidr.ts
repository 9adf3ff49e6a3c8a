// IPv4 prefix arithmetic on top of ipaddr.js (parsing and matching are the library's).
import ipaddr from "ipaddr.js";

export interface Prefix {
  readonly text: string;
  readonly network: number; // unsigned 32-bit
  readonly length: number;
}

const toInt = (a: ipaddr.IPv4): number =>
  a.toByteArray().reduce((acc, b) => acc * 256 + b, 0);

export const intToAddress = (n: number): string =>
  ipaddr.fromByteArray([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();

export function isAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function addressToInt(text: string): number {
  if (!isAddress(text)) throw new Error(`not an IPv4 address: ${text}`);
  return toInt(ipaddr.IPv4.parse(text));
}

/** Parses "a.b.c.d/n"; host bits must be zero unless allowHostBits (interface notation). */
export function parsePrefix(text: string, allowHostBits = false): Prefix | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) return undefined;
  const [addr, length] = ipaddr.IPv4.parseCIDR(text);
  const size = 2 ** (32 - length);
  const value = toInt(addr);
  const network = value - (value % size);
  if (!allowHostBits && network !== value) return undefined;
  return { text, network, length };
}

export function mustPrefix(text: string, allowHostBits = false): Prefix {
  const p = parsePrefix(text, allowHostBits);
  if (!p) throw new Error(`not an IPv4 prefix: ${text}`);
  return p;
}

export const size = (p: Prefix): number => 2 ** (32 - p.length);
export const lastInt = (p: Prefix): number => p.network + size(p) - 1;

export function containsAddress(p: Prefix, address: string): boolean {
  const a = addressToInt(address);
  return a >= p.network && a <= lastInt(p);
}

export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return inner.network >= outer.network && lastInt(inner) <= lastInt(outer);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.network <= lastInt(b) && b.network <= lastInt(a);
}

/** The n-th address of a prefix (0 = network address). */
export const nthAddress = (p: Prefix, n: number): string => intToAddress(p.network + n);

/** Azure keeps the first four and the last address of every subnet. */
export function isAzureReserved(subnet: Prefix, address: string): boolean {
  const offset = addressToInt(address) - subnet.network;
  return offset < 4 || offset === size(subnet) - 1;
}

export function isNetworkOrBroadcast(p: Prefix, address: string): boolean {
  const offset = addressToInt(address) - p.network;
  return offset === 0 || offset === size(p) - 1;
}

/** The Azure subnet gateway: first usable address (x.x.x.1 for a /24). */
export const subnetGateway = (subnet: Prefix): string => nthAddress(subnet, 1);

/** "169.254.0.1/24" -> its network prefix "169.254.0.0/24". */
export function networkOf(interfaceAddress: string): string {
  const p = mustPrefix(interfaceAddress, true);
  return `${intToAddress(p.network)}/${p.length}`;
}

export const addressOf = (interfaceAddress: string): string => interfaceAddress.split("/")[0] ?? "";
