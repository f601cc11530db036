import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/** Why an address is not on the public internet. */
export type NonPublicRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** ipaddr.js's range names for IPv4, as ours; null for ranges reachable on the internet. */
const IPV4_RANGES: Record<string, NonPublicRange | null> = {
  unicast: null,
  // Anycast services on the internet (RFC 7534, 7450): public.
  as112: null,
  amt: null,
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved',
};

const IPV6_RANGES: Record<string, NonPublicRange | null> = {
  unicast: null,
  amt: null,
  as112v6: null,
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  multicast: 'multicast',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'private',
  benchmarking: 'benchmarking',
  // Discard-only, overlay identifiers, drone tags, segment-routing ids: never a web server.
  discard: 'reserved',
  deprecatedOrchid: 'reserved',
  orchid2: 'reserved',
  droneRemoteIdProtocolEntityTags: 'reserved',
  segmentRouting: 'reserved',
  reserved: 'reserved',
};

const v4 = (text: string) => ipaddr.IPv4.parse(text);
const v6 = (text: string) => ipaddr.IPv6.parse(text);
/** Finer names inside ipaddr.js's IPv4 and IPv6 "reserved". */
const DOCUMENTATION: [IPv4 | IPv6, number][] = [
  [v4('192.0.2.0'), 24],
  [v4('198.51.100.0'), 24],
  [v4('203.0.113.0'), 24],
  [v6('2001:db8::'), 32],
  [v6('3fff::'), 20],
];
const BENCHMARKING: [IPv4, number] = [v4('198.18.0.0'), 15];
/** RFC 8215's local-use NAT64 prefix: the site's own translator, with an embedding of its choice. */
const LOCAL_USE_NAT64: [IPv6, number] = [v6('64:ff9b:1::'), 48];
const GLOBAL_UNICAST: [IPv6, number] = [v6('2000::'), 3];

/** The IPv4 address made of four bytes. */
function fromBytes(bytes: number[]): IPv4 {
  return new ipaddr.IPv4(bytes);
}

function classifyIPv4(address: IPv4): NonPublicRange | null {
  const name = address.range();
  // A range ipaddr.js adds later counts as reserved until it is named here.
  const range = name in IPV4_RANGES ? IPV4_RANGES[name] : 'reserved';
  if (range !== 'reserved') return range;
  if (DOCUMENTATION.some(([net, bits]) => net.kind() === 'ipv4' && address.match(net as IPv4, bits))) return 'documentation';
  if (address.match(...BENCHMARKING)) return 'benchmarking';
  return 'reserved';
}

/**
 * The IPv4 addresses an IPv6 address carries and reaches: IPv4-mapped and -translated
 * (`::ffff:a.b.c.d`, `::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), NAT64
 * (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::`) and Teredo (server and client, the
 * client's bits inverted). A connection to any of them can end at that IPv4 host.
 */
function embeddedIPv4(address: IPv6): IPv4[] {
  const bytes = address.toByteArray();
  const last = fromBytes(bytes.slice(12, 16));
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return [last];
    case '6to4':
      return [fromBytes(bytes.slice(2, 6))];
    case 'teredo':
      return [fromBytes(bytes.slice(4, 8)), fromBytes(bytes.slice(12, 16).map((b) => b ^ 0xff))];
  }
  // IPv4-compatible (deprecated): 96 zero bits, then the IPv4 address (:: and ::1 are IPv6's own).
  if (bytes.slice(0, 12).every((b) => b === 0) && !address.match(v6('::'), 127)) return [last];
  return [];
}

function classifyIPv6(address: IPv6): NonPublicRange | null {
  if (address.match(...LOCAL_USE_NAT64)) return 'private';
  const carried = embeddedIPv4(address);
  if (carried.length) {
    for (const inner of carried) {
      const range = classifyIPv4(inner);
      if (range) return range;
    }
    // NAT64, 6to4, Teredo and IPv4-mapped forms of public hosts are public; IPv4-compatible
    // addresses were deprecated (RFC 4291) and route nowhere.
    return address.range() === 'unicast' ? 'reserved' : null;
  }
  const name = address.range();
  const range = name in IPV6_RANGES ? IPV6_RANGES[name] : 'reserved';
  if (range === 'reserved' && DOCUMENTATION.some(([net, bits]) => net.kind() === 'ipv6' && address.match(net as IPv6, bits))) return 'documentation';
  if (range) return range;
  // Only 2000::/3 is allocated for global unicast; the rest of "unicast" is unassigned.
  return address.match(...GLOBAL_UNICAST) ? null : 'reserved';
}

/**
 * An IPv6 address, with a dotted IPv4 tail spelled out as two words first: ipaddr.js reads
 * `::a.b.c.d` as `::ffff:a.b.c.d`, where RFC 4291 (and the kernel) read IPv4-compatible.
 */
function parseIPv6(text: string): IPv6 {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!dotted) return ipaddr.IPv6.parse(text);
  const [a, b, c, d] = dotted.slice(1).map(Number);
  return ipaddr.IPv6.parse(`${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`);
}

/**
 * The non-public range an IP address belongs to (loopback, private, link-local, CGNAT,
 * unique-local, multicast, documentation...), or null for an address on the public internet.
 * IPv6 forms that carry an IPv4 address are judged by that address. Throws on what is not an IP.
 */
export function nonPublicRange(address: string): NonPublicRange | null {
  const bare = address.replace(/^\[|\]$/g, '');
  // node:net's strict syntax: ipaddr.js alone would take "127.1" or "0x7f.1" as IPv4.
  const family = isIP(bare.split('%')[0]);
  if (family === 4) return classifyIPv4(ipaddr.IPv4.parse(bare));
  if (family === 6) return classifyIPv6(parseIPv6(bare.split('%')[0]));
  throw new Error(`${address} is not an IP address`);
}
