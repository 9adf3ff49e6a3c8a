// Crafted VXLAN datagrams, as an attacker on the hub subnet would send them (RFC 7348 framing).
const mac = (s: string): Buffer => Buffer.from(s.split(":").map((h) => parseInt(h, 16)));
const ip = (s: string): Buffer => Buffer.from(s.split(".").map(Number));

function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i < buf.length; i += 2) sum += (buf[i]! << 8) + (buf[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** 8-byte VXLAN header: I flag set, 24-bit VNI. */
export function vxlanHeader(vni: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = 0x08;
  h.writeUIntBE(vni, 4, 3);
  return h;
}

export function ipv4Udp(src: string, dst: string, sport: number, dport: number, payload: Buffer): Buffer {
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(sport, 0);
  udp.writeUInt16BE(dport, 2);
  udp.writeUInt16BE(8 + payload.length, 4); // checksum 0: allowed for UDP over IPv4
  const hdr = Buffer.alloc(20);
  hdr[0] = 0x45;
  hdr.writeUInt16BE(20 + 8 + payload.length, 2);
  hdr[8] = 64; // TTL
  hdr[9] = 17; // UDP
  ip(src).copy(hdr, 12);
  ip(dst).copy(hdr, 16);
  hdr.writeUInt16BE(checksum(hdr), 10);
  return Buffer.concat([hdr, udp, payload]);
}

export function ethernet(dst: string, src: string, etherType: number, body: Buffer): Buffer {
  const h = Buffer.alloc(14);
  mac(dst).copy(h, 0);
  mac(src).copy(h, 6);
  h.writeUInt16BE(etherType, 12);
  return Buffer.concat([h, body]);
}

/** ARP reply "senderIp is at senderMac", addressed to targetIp/targetMac. */
export function arpReply(senderMac: string, senderIp: string, targetMac: string, targetIp: string): Buffer {
  const a = Buffer.alloc(28);
  a.writeUInt16BE(1, 0); // Ethernet
  a.writeUInt16BE(0x0800, 2);
  a[4] = 6;
  a[5] = 4;
  a.writeUInt16BE(2, 6); // reply
  mac(senderMac).copy(a, 8);
  ip(senderIp).copy(a, 14);
  mac(targetMac).copy(a, 18);
  ip(targetIp).copy(a, 24);
  return a;
}

/** A whole VXLAN payload (what goes inside the outer UDP datagram to port 4789). */
export const vxlanPacket = (vni: number, frame: Buffer): Buffer => Buffer.concat([vxlanHeader(vni), frame]);

export { checksum as ipv4Checksum };
