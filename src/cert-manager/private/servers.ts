// How issuers and DNS providers reach their servers (not exported from the package): URLs,
// CA bundles for the TLS connection, Vault paths, name server addresses. Each check throws the
// library's error through `fail()`.
import { X509Certificate } from 'crypto';
import { requireString } from '../../private/fields';
import { checkDnsName, isIpAddress } from '../../private/names';
import { fail, Where } from '../../validation/error';

/** An absolute URL with one of the given schemes. */
export function checkUrl(where: Where, field: string, v: unknown, schemes: string[], fix: string): URL {
  requireString(where, field, v, fix);
  let url: URL;
  try {
    url = new URL(v as string);
  } catch {
    return fail(where, field, v, 'is not a valid absolute URL', fix);
  }
  if (!schemes.includes(url.protocol.replace(/:$/, ''))) {
    fail(where, field, v, `must be a URL with scheme ${schemes.map((s) => `'${s}'`).join(' or ')}`, fix);
  }
  return url;
}

/**
 * A PEM bundle must contain at least one parseable certificate (cert-manager: "cert bundle
 * didn't contain any valid certificates"). Returns the number of certificates.
 */
export function checkPemBundle(where: Where, field: string, pem: unknown): number {
  requireString(where, field, pem, 'pass the PEM text of the CA certificate(s)');
  const blocks = (pem as string).match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  let valid = 0;
  for (const block of blocks) {
    try {
      new X509Certificate(block);
      valid++;
    } catch {
      fail(where, field, `${block.slice(0, 40)}…`, 'contains a PEM block that is not a valid X.509 certificate', 'pass only well-formed PEM certificates');
    }
  }
  if (valid === 0) {
    let hint = 'pass the PEM text (-----BEGIN CERTIFICATE----- …); the library base64-encodes it for the wire';
    if (/^[A-Za-z0-9+/=\s]+$/.test(pem as string) && Buffer.from(pem as string, 'base64').toString('utf8').includes('-----BEGIN CERTIFICATE-----')) {
      hint = 'the value is base64-encoded already; pass the PEM text itself, the library base64-encodes it for the wire';
    }
    fail(where, field, `${(pem as string).slice(0, 40)}…`, "cert bundle didn't contain any valid certificates", hint);
  }
  return valid;
}

/** Vault paths must not contain `..` segments (cert-manager ≥ v1.21). */
export function checkNoDotDot(where: Where, field: string, v: string | undefined): void {
  if (v === undefined) return;
  if (v.split('/').includes('..')) fail(where, field, v, "must not contain '..' path segments", 'use the plain mount path, e.g. "pki_int/sign/example-dot-com"');
}

/** cert-manager's ValidNameserver (RFC2136): host, host:port, [ipv6], [ipv6]:port; port 1–65535. */
export function checkNameserver(where: Where, field: string, v: string): void {
  const fix = 'use host, host:port, [ipv6] or [ipv6]:port, e.g. "ns1.example.com:53"';
  requireString(where, field, v, fix);
  const s = v.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(s);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2];
    if (!isIpAddress(host) || !host.includes(':')) fail(where, field, v, 'only IPv6 addresses may be bracketed', fix);
  } else if ((s.match(/:/g) ?? []).length > 1) {
    host = s; // bare IPv6 without a port
    if (!isIpAddress(host)) fail(where, field, v, 'is not a valid IPv6 address (bracket it when adding a port)', fix);
  } else {
    [host, port] = s.split(':');
    if (host.length === 0) fail(where, field, v, 'RFC2136 nameserver has no host defined', fix);
    if (!isIpAddress(host) && checkDnsName(host.toLowerCase().replace(/\.$/, ''), { allowWildcard: false })) {
      fail(where, field, v, 'host is neither an IP address nor a DNS name', fix);
    }
  }
  if (port !== undefined && port !== '' && (!/^[0-9]+$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
    fail(where, field, v, 'port must be a number between 1 and 65535', fix);
  }
}
