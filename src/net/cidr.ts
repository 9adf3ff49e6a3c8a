// IPv4 prefix arithmetic. Prefixes are parsed here, strictly; ipaddr.js only formats and checks addresses.
import ipaddr from "ipaddr.js";

export interface Prefix {
  readonly text: string;
  readonly network: number; // unsigned 32-bit
  readonly length: number;
}

const toInt = (a: ipaddr.IPv4): number => a.toByteArray().reduce((acc, b) => acc * 256 + b, 0);

export const intToAddress = (n: number): string => ipaddr.fromByteArray([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();

// One spelling per value: a prefix or address is accepted only in canonical form (dotted decimal,
// no leading zeros, decimal length without leading zeros). Anything else that can still be read is
// refused with its canonical spelling, so no rule ever judges "0.0.0.0/00" by its text.
interface Lenient {
  readonly value: number;
  readonly length?: number;
  readonly leadingZero: boolean;
}

/** Reads "a.b.c.d[/n]" loosely (leading zeros, CIDR shorthand "10/8"): only to tell the canonical spelling. */
function readLenient(text: string): Lenient | undefined {
  const m = /^(\d{1,3}(?:\.\d{1,3}){0,3})(?:\/(\d{1,3}))?$/.exec(text);
  if (!m) return undefined;
  const parts = m[1]!.split(".");
  if (parts.length < 4 && m[2] === undefined) return undefined; // "10.1" is an address only to inet_aton
  const octets = [...parts, "0", "0", "0"].slice(0, 4).map(Number);
  const length = m[2] === undefined ? undefined : Number(m[2]);
  if (octets.some((o) => o > 255) || (length !== undefined && length > 32)) return undefined;
  return {
    value: octets.reduce((acc, b) => acc * 256 + b, 0),
    ...(length !== undefined ? { length } : {}),
    leadingZero: parts.some((o) => /^0\d/.test(o)),
  };
}

const networkOfValue = (value: number, length: number) => value - (value % 2 ** (32 - length));
const octalNote = (l: Lenient) => (l.leadingZero ? " (leading zeros: some tools read 010 as octal 8)" : "");

// Canonical address -> its value, undefined if not one. Kept, as parsePrefix's: the fabric's routes
// ask about the same few hundred addresses once per subnet (106 x 106 for a 50-site lab).
const values = new Map<string, number | undefined>();
function valueOf(text: string): number | undefined {
  if (values.has(text)) return values.get(text);
  if (values.size > 100_000) values.clear();
  const ok = ipaddr.IPv4.isValidFourPartDecimal(text);
  const v = ok ? toInt(ipaddr.IPv4.parse(text)) : undefined;
  const canonical = v !== undefined && intToAddress(v) === text ? v : undefined;
  values.set(text, canonical);
  return canonical;
}

export function isAddress(text: string): boolean {
  return valueOf(text) !== undefined;
}

export function addressToInt(text: string): number {
  const v = valueOf(text);
  if (v === undefined) throw new Error(`not an IPv4 address: ${text}`);
  return v;
}

/** Why text is not a canonical IPv4 address (with the canonical spelling when it can be read), or undefined. */
export function addressProblem(text: string): string | undefined {
  if (isAddress(text)) return undefined;
  if (text.includes(":")) return `"${text}" is not an IPv4 address (IPv6 is not supported)`;
  const l = readLenient(text);
  if (l && l.length === undefined) return `"${text}" is not written canonically: write ${intToAddress(l.value)}${octalNote(l)}`;
  return `"${text}" is not an IPv4 address`;
}

/** Why text is not a canonical IPv4 prefix (interface notation "a.b.c.d/n" if allowHostBits), or undefined. */
export function prefixProblem(
  text: string,
  allowHostBits = false,
  example = allowHostBits ? "169.254.0.1/24" : "10.0.0.0/16",
): string | undefined {
  if (parsePrefix(text, allowHostBits)) return undefined;
  const what = allowHostBits ? "an IPv4 address with a prefix length" : "an IPv4 prefix";
  if (text.includes(":")) return `"${text}" is not ${what} (IPv6 is not supported)`;
  const l = readLenient(text);
  if (!l || l.length === undefined) return `"${text}" is not ${what} (e.g. ${example})`;
  const net = networkOfValue(l.value, l.length);
  const canonical = `${intToAddress(allowHostBits ? l.value : net)}/${l.length}`;
  if (canonical === `${intToAddress(l.value)}/${l.length}` || allowHostBits) {
    return `"${text}" is not written canonically: write ${canonical}${octalNote(l)}`;
  }
  return `"${text}" is not an IPv4 prefix with zero host bits: did you mean ${canonical}?`;
}

/** What a prefix or address means, however it is spelled (a bare address is a /32); undefined if unreadable. */
export function prefixValue(text: string): Prefix | undefined {
  const l = readLenient(text);
  if (!l) return undefined;
  const length = l.length ?? 32;
  return { text, network: networkOfValue(l.value, length), length };
}

// parsePrefix answers for a text are kept: the fabric's tables ask for the same few thousand
// prefixes again for every subnet and VM address; a Prefix is read-only, so sharing one is safe.
const parsed = [new Map<string, Prefix | undefined>(), new Map<string, Prefix | undefined>()] as const;

/** Parses canonical "a.b.c.d/n"; host bits must be zero unless allowHostBits (interface notation). */
export function parsePrefix(text: string, allowHostBits = false): Prefix | undefined {
  const memo = parsed[allowHostBits ? 1 : 0];
  if (memo.has(text)) return memo.get(text);
  if (memo.size > 100_000) memo.clear();
  const p = parseUncached(text, allowHostBits);
  memo.set(text, p);
  return p;
}

function parseUncached(text: string, allowHostBits: boolean): Prefix | undefined {
  const l = readLenient(text);
  if (!l || l.length === undefined || `${intToAddress(l.value)}/${l.length}` !== text) return undefined;
  const network = networkOfValue(l.value, l.length);
  if (!allowHostBits && network !== l.value) return undefined;
  return { text, network, length: l.length };
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
