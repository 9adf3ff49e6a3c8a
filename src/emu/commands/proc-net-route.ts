// /proc/<pid>/net/route: the IPv4 main table of the network namespace <pid> is in, read as a file
// (no `ip route` process per router and poll). The kernel prints each address, held in network
// order, as a native 32-bit number: on a little-endian host 10.0.0.1 reads 0100000A.

const quad = (hex: string, order: "LE" | "BE"): string => {
  const v = parseInt(hex, 16);
  const bytes = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  return (order === "LE" ? bytes.reverse() : bytes).join(".");
};

const maskLength = (hex: string): number => parseInt(hex, 16).toString(2).replace(/0/g, "").length;

/** Each route's prefix as "a.b.c.d/len", in the file's order (order: the host's, os.endianness()). Throws on a file of another shape. */
export function procNetRoutePrefixes(text: string, order: "LE" | "BE"): string[] {
  const [header, ...rows] = text.split("\n").filter((l) => l.trim());
  const cols = (header ?? "").trim().split(/\s+/);
  const dst = cols.indexOf("Destination");
  const mask = cols.indexOf("Mask");
  if (dst < 0 || mask < 0) throw new Error(`not a /proc/net/route table (header: ${JSON.stringify(header)})`);
  return rows.map((r) => {
    const f = r.trim().split(/\s+/);
    return `${quad(f[dst]!, order)}/${maskLength(f[mask]!)}`;
  });
}
