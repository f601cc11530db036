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
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['2001:db8::1', 'reserved'],
  ])('classifies %s as %s', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])(
    'finds %s public',
    (address) => {
      expect(nonPublicRange(address)).toBeNull();
    },
  );

  it('sees through IPv4 addresses carried in IPv6 ones', () => {
    expect(nonPublicRange('::ffff:127.0.0.1')).toBe('loopback');
    expect(nonPublicRange('::ffff:7f00:1')).toBe('loopback');
    expect(nonPublicRange('::ffff:10.0.0.1')).toBe('private');
    expect(nonPublicRange('::ffff:169.254.169.254')).toBe('link-local');
    expect(nonPublicRange('::10.0.0.1')).toBe('private');
    expect(nonPublicRange('64:ff9b::a9fe:a9fe')).toBe('link-local');
    expect(nonPublicRange('[::ffff:192.168.0.1]')).toBe('private');
    expect(nonPublicRange('::ffff:8.8.8.8')).toBeNull();
    expect(nonPublicRange('fe80::1%eth0')).toBe('link-local');
  });

  it('refuses what is not an IP address', () => {
    expect(() => nonPublicRange('localhost')).toThrow(/not an IP address/);
  });
});
