// TLS 1.2 cipher suites authenticate with the certificate's key type (not exported from the
// package): ECDHE-ECDSA-* suites need an ECDSA key, ECDHE-RSA-* and the plain RSA key
// exchange suites an RSA key. A server whose list has no suite for its key completes no
// TLS 1.2 handshake (only TLS 1.3, whose suites are not configurable, still works).
import { PrivateKeyAlgorithm } from '../../cert-manager/certificate';
import { TlsProtocolVersion } from '../../istio/tls-settings';
import { fail, Where } from '../../validation/error';

export function checkCipherSuitesForKey(where: Where, field: string, suites: string[] | undefined, algorithm: PrivateKeyAlgorithm | undefined,
  minVersion: TlsProtocolVersion | undefined): void {
  if (!suites || suites.length === 0 || minVersion === TlsProtocolVersion.TLSV1_3) return;
  const alg = algorithm ?? PrivateKeyAlgorithm.ECDSA;
  if (alg === PrivateKeyAlgorithm.ED25519) return;
  // operator syntax ("[A|B]", "-X", "ALL") cannot be judged
  if (suites.some((s) => s === 'ALL' || s === '' || !/^[A-Za-z0-9]/.test(s))) return;
  const usable = suites.filter((s) => (alg === PrivateKeyAlgorithm.ECDSA ? s.includes('ECDSA') : !s.includes('ECDSA')));
  if (usable.length === 0) {
    fail(where, field, suites,
      `none of these cipher suites can be used with the certificate's ${alg} key, so every TLS 1.2 handshake fails (only TLS 1.3 clients connect)`,
      alg === PrivateKeyAlgorithm.ECDSA
        ? 'add ECDHE-ECDSA-* suites (e.g. ECDHE-ECDSA-AES128-GCM-SHA256), or use an RSA key (privateKey.algorithm RSA)'
        : 'add ECDHE-RSA-* suites (e.g. ECDHE-RSA-AES128-GCM-SHA256), or use an ECDSA key');
  }
}
