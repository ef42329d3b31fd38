// Istio's rules for Gateway server TLS settings (not exported from the package): which modes
// terminate, which verify clients, the versions and cipher suites Istio accepts.
import { checkEnum, requireArray } from '../../private/fields';
import { expectFields } from '../../private/types';
import { fail } from '../../validation/error';
import { GatewayTlsMode, GatewayTlsOptions, TlsProtocolVersion } from '../tls-settings';

/** Modes that terminate TLS at the gateway. */
export const TERMINATING_MODES: readonly GatewayTlsMode[] = [GatewayTlsMode.SIMPLE, GatewayTlsMode.MUTUAL, GatewayTlsMode.OPTIONAL_MUTUAL, GatewayTlsMode.ISTIO_MUTUAL];
/** Modes that verify client certificates against a CA bundle. */
export const CLIENT_CA_MODES: readonly GatewayTlsMode[] = [GatewayTlsMode.MUTUAL, GatewayTlsMode.OPTIONAL_MUTUAL];
/** Versions below TLS 1.2, which the default cipher suites no longer serve. */
export const LEGACY_VERSIONS: readonly TlsProtocolVersion[] = [TlsProtocolVersion.TLSV1_0, TlsProtocolVersion.TLSV1_1];

const VERSION_ORDER = [TlsProtocolVersion.TLSV1_0, TlsProtocolVersion.TLSV1_1, TlsProtocolVersion.TLSV1_2, TlsProtocolVersion.TLSV1_3];

/** Cipher suites Istio accepts (`pkg/config/security/security.go` ValidCipherSuites). */
const VALID_CIPHER_SUITES = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA', 'AES256-SHA', 'DES-CBC3-SHA',
];

/**
 * Versions (known, minimum not above maximum; TLS 1.2 minimum by default) and cipher suites
 * (known to Istio, each once) of a `GatewayTls` factory's options.
 */
export function checkVersionsAndCiphers(where: string, options: GatewayTlsOptions): GatewayTlsOptions {
  expectFields(where, '', options, { cipherSuites: 'array' });
  const min = options.minProtocolVersion ?? TlsProtocolVersion.TLSV1_2;
  checkEnum(where, 'minProtocolVersion', min, TlsProtocolVersion, 'TlsProtocolVersion');
  if (options.maxProtocolVersion !== undefined) {
    checkEnum(where, 'maxProtocolVersion', options.maxProtocolVersion, TlsProtocolVersion, 'TlsProtocolVersion');
    const lo = VERSION_ORDER.indexOf(min);
    const hi = VERSION_ORDER.indexOf(options.maxProtocolVersion);
    if (lo >= 0 && hi >= 0 && lo > hi) {
      fail(where, 'minProtocolVersion', min, `the minimum TLS version is above the maximum (${options.maxProtocolVersion}): no handshake can succeed`,
        'lower minProtocolVersion or raise maxProtocolVersion');
    }
  }
  const ciphers = requireArray(where, 'cipherSuites', options.cipherSuites, { nonEmpty: true, fix: 'omit cipherSuites to use the defaults' });
  const seen = new Set<string>();
  ciphers.forEach((c, i) => {
    const operator = typeof c === 'string' && c.length > 0 && !/^[A-Za-z0-9]/.test(c);
    if (!operator && !VALID_CIPHER_SUITES.includes(c)) {
      fail(where, `cipherSuites[${i}]`, c, 'unknown cipher suite (Istio would silently ignore it)', `use one of ${VALID_CIPHER_SUITES.join(', ')}`);
    }
    if (seen.has(c)) fail(where, `cipherSuites[${i}]`, c, 'duplicate cipher suite (Istio would silently ignore it)', 'list each cipher suite once');
    seen.add(c);
  });
  return { minProtocolVersion: min, maxProtocolVersion: options.maxProtocolVersion, cipherSuites: options.cipherSuites };
}
