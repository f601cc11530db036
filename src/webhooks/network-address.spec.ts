import { nonPublicRange } from './network-address';

describe('nonPublicRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fec0::1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['2001:2::1', 'benchmarking'],
    ['192.0.0.8', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['100::1', 'reserved'],
    ['2001:10::1', 'reserved'],
    ['5f00::1', 'reserved'],
    // Outside 2000::/3, nothing is allocated for unicast.
    ['4000::1', 'reserved'],
  ])('classifies %s as %s', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '192.169.0.1', '192.175.48.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '[2606:4700:4700::1111]'])(
    'finds %s public',
    (address) => {
      expect(nonPublicRange(address)).toBeNull();
    },
  );

  // Every IPv6 form that carries an IPv4 address reaches that IPv4 host (through the kernel's
  // dual stack, a NAT64 gateway, a 6to4 relay or a Teredo relay): it is judged by that address.
  describe('IPv4 addresses carried in IPv6 ones', () => {
    it.each([
      // IPv4-mapped ::ffff:0:0/96, in every spelling
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
      ['[::ffff:192.168.0.1]', 'private'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:169.254.169.254', 'link-local'],
      ['::ffff:100.64.0.1', 'carrier-grade NAT'],
      ['::ffff:0.0.0.0', 'unspecified'],
      ['::ffff:224.0.0.1', 'multicast'],
      ['::ffff:192.0.2.1', 'documentation'],
      ['::ffff:198.18.0.1', 'benchmarking'],
      // IPv4-translated (RFC 6145)
      ['::ffff:0:7f00:1', 'loopback'],
      ['::ffff:0:a00:1', 'private'],
      // IPv4-compatible (deprecated)
      ['::127.0.0.1', 'loopback'],
      ['::7f00:1', 'loopback'],
      ['::10.0.0.1', 'private'],
      ['::169.254.169.254', 'link-local'],
      // NAT64 well-known prefix 64:ff9b::/96
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b::127.0.0.1', 'loopback'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['64:ff9b::c0a8:101', 'private'],
      ['64:ff9b::6440:1', 'carrier-grade NAT'],
      ['64:ff9b::e000:1', 'multicast'],
      ['64:ff9b::c000:201', 'documentation'],
      // NAT64 local-use prefix 64:ff9b:1::/48 (RFC 8215): the site's own translator, whatever it embeds
      ['64:ff9b:1::7f00:1', 'private'],
      ['64:ff9b:1:7f00:1::', 'private'],
      ['64:ff9b:1::808:808', 'private'],
      // 6to4 2002::/16: the IPv4 address in bits 16-47
      ['2002:7f00:1::', 'loopback'],
      ['2002:7f00:0001::1', 'loopback'],
      ['2002:a00:1::1', 'private'],
      ['2002:c0a8:101::', 'private'],
      ['2002:a9fe:a9fe::', 'link-local'],
      ['2002:6440:1::', 'carrier-grade NAT'],
      ['2002::', 'unspecified'],
      ['2002:c612:1::', 'benchmarking'],
      // Teredo 2001::/32: server in bits 32-63, client inverted in bits 96-127
      ['2001:0:7f00:1::', 'loopback'],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // client 127.0.0.1
      ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'], // client 10.0.0.1
      ['2001:0:a00:1:8000:63bf:3fff:fdd2', 'private'], // server 10.0.0.1
    ])('%s is %s', (address, range) => {
      expect(nonPublicRange(address)).toBe(range);
    });

    it.each([
      '::ffff:8.8.8.8',
      '::ffff:808:808',
      '64:ff9b::808:808',
      '64:ff9b::8.8.8.8',
      '64:ff9b::5db8:d822', // 93.184.216.34
      '2002:808:808::1',
      '2002:5db8:d822::',
    ])('%s carries a public address: public', (address) => {
      expect(nonPublicRange(address)).toBeNull();
    });

    it('judges Teredo by both its server and its client', () => {
      // Server 65.54.227.120, client 8.8.8.8 (stored inverted: f7f7:f7f7).
      expect(nonPublicRange('2001:0:4136:e378:8000:63bf:f7f7:f7f7')).toBeNull();
      // The same server with client 192.168.1.1 (3f57:fefe).
      expect(nonPublicRange('2001:0:4136:e378:8000:63bf:3f57:fefe')).toBe('private');
    });

    it('finds the deprecated IPv4-compatible form of a public address reserved, not public', () => {
      expect(nonPublicRange('::8.8.8.8')).toBe('reserved');
    });
  });

  it.each(['localhost', 'example.com', '127.1', '0x7f.1', '2130706433', '1.2.3.4.5', ':::1', ''])('refuses %j: not an IP address', (text) => {
    expect(() => nonPublicRange(text)).toThrow(/not an IP address/);
  });
});
