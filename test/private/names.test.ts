import {
  checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, checkDnsName, checkEmail, checkLabelKey, checkLabelValue,
  isIpAddress, isIpOrCidr, kebabName,
} from '../../src/private/names';
import { dnsNameCovers } from '../../src/private/hostnames';

describe('Kubernetes names', () => {
  test('DNS-1123 label', () => {
    expect(checkDns1123Label('istio-system')).toBeUndefined();
    expect(checkDns1123Label('a'.repeat(63))).toBeUndefined();
    expect(checkDns1123Label('a'.repeat(64))).toMatch(/at most 63/);
    expect(checkDns1123Label('Istio')).toMatch(/lowercase/);
    expect(checkDns1123Label('a.b')).toMatch(/label/);
    expect(checkDns1123Label('-a')).toBeDefined();
    expect(checkDns1123Label('')).toMatch(/empty/);
  });
  test('DNS-1123 subdomain', () => {
    expect(checkDns1123Subdomain('web.example-tls')).toBeUndefined();
    expect(checkDns1123Subdomain('a..b')).toBeDefined();
    expect(checkDns1123Subdomain('a_b')).toBeDefined();
    expect(checkDns1123Subdomain('a'.repeat(254))).toMatch(/253/);
  });
  test('DNS-1035 label (Services)', () => {
    expect(checkDns1035Label('solver-a1')).toBeUndefined();
    expect(checkDns1035Label('1solver')).toMatch(/starting with a letter/);
  });
  test('label keys and values', () => {
    expect(checkLabelKey('app.kubernetes.io/name')).toBeUndefined();
    expect(checkLabelKey('a/b/c')).toMatch(/one '\/'/);
    expect(checkLabelKey('Bad_Prefix/x')).toMatch(/prefix/);
    expect(checkLabelValue('')).toBeUndefined();
    expect(checkLabelValue('v1.2_3')).toBeUndefined();
    expect(checkLabelValue('a b')).toBeDefined();
  });
});

describe('DNS names', () => {
  test.each(['example.com', '*.example.com', 'a-b.c.example.com', 'localhost'])('accepts %s', (n) => expect(checkDnsName(n)).toBeUndefined());
  test.each([
    ['Example.com', /lowercase/],
    ['*example.com', /\*/],
    ['a.*.example.com', /\*/],
    ['a..com', /empty labels/],
    ['-a.com', /labels/],
    ['a.123', /numeric/],
    ['', /empty/],
  ])('rejects %s', (n, re) => expect(checkDnsName(n)).toMatch(re));
  test('wildcards can be forbidden', () => expect(checkDnsName('*.a.com', { allowWildcard: false })).toMatch(/wildcard/));
  test('coverage is one label deep (RFC 6125)', () => {
    expect(dnsNameCovers('*.example.com', 'shop.example.com')).toBe(true);
    expect(dnsNameCovers('*.example.com', 'a.shop.example.com')).toBe(false);
    expect(dnsNameCovers('*.example.com', 'example.com')).toBe(false);
    expect(dnsNameCovers('shop.example.com', 'shop.example.com')).toBe(true);
    expect(dnsNameCovers('shop.example.com', '*.example.com')).toBe(false);
    expect(dnsNameCovers('*.example.com', '*.example.com')).toBe(true);
  });
});

describe('e-mail, IPs, names from ids', () => {
  test('email', () => {
    expect(checkEmail('ops@example.com')).toBeUndefined();
    expect(checkEmail('Ops <ops@example.com>')).toMatch(/bare address/);
    expect(checkEmail('mailto:ops@example.com')).toMatch(/mailto/);
    expect(checkEmail('ops@localhost')).toMatch(/domain/);
    expect(checkEmail('ops')).toMatch(/local@domain/);
  });
  test('IP addresses and CIDRs', () => {
    expect(isIpAddress('10.0.0.1')).toBe(true);
    expect(isIpAddress('::1')).toBe(true);
    expect(isIpAddress('2001:db8::1')).toBe(true);
    expect(isIpAddress('10.0.0.256')).toBe(false);
    expect(isIpAddress('10.0.0.0/8')).toBe(false);
    expect(isIpOrCidr('10.0.0.0/8')).toBe(true);
    expect(isIpOrCidr('10.0.0.0/33')).toBe(false);
    expect(isIpOrCidr('fd00::/8')).toBe(true);
    expect(isIpAddress('::ffff:1.2.3.4')).toBe(true);
  });
  // cert-manager's webhook parses ipAddresses with Go's net.ParseIP, which (since Go 1.17,
  // golang/go#30999, CVE-2021-29923) refuses leading zeros, and refuses malformed IPv6 and zones
  test.each(['010.1.1.1', '1.2.3.04', ':1::2', '1:::2', 'fe80::1%eth0', '1.2.3', ''])('refuses %j as Go\'s net.ParseIP does', (ip) => {
    expect(isIpAddress(ip)).toBe(false);
  });
  test('kebab-cased default names', () => {
    expect(kebabName('ShopCert')).toBe('shop-cert');
    expect(kebabName('letsencrypt_prod')).toBe('letsencrypt-prod');
    expect(kebabName('HTTPSGateway')).toBe('https-gateway');
    expect(kebabName('already-kebab')).toBe('already-kebab');
  });
});
