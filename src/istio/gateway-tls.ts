// The TLS block of a Gateway server, made by the `GatewayTls` factories.
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { ICertificate } from '../cert-manager/references';
import { checkEnum } from '../private/fields';
import { factory } from '../private/factory';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import { checkCredentialName, checkNoEmptyStrings } from './private/checks';
import { checkVersionsAndCiphers, CLIENT_CA_MODES } from './private/tls-rules';
import {
  GatewayCredentialTlsOptions, GatewayIstioMutualTlsOptions, GatewayMutualTlsOptions, GatewayTlsMode, GatewayTlsOptions, TlsProtocolVersion,
} from './tls-settings';

interface GatewayTlsInit {
  readonly mode?: GatewayTlsMode;
  readonly redirect?: boolean;
  readonly certificate?: ICertificate;
  readonly credentialName?: string;
  readonly minProtocolVersion?: TlsProtocolVersion;
  readonly maxProtocolVersion?: TlsProtocolVersion;
  readonly cipherSuites?: string[];
  readonly subjectAltNames?: string[];
  readonly caCertCredentialName?: string;
}

/**
 * The TLS block of a Gateway server. Certificates are always referenced through a Secret
 * (`credentialName`), filled in from a cert-manager `ICertificate`; `mode` is always written
 * explicitly (an HTTPS server without `mode` would silently be PASSTHROUGH).
 *
 * A wrong input is reported by the gateway receiving the value (its path, the server's field).
 */
export class GatewayTls {
  /**
   * Terminate TLS with the certificate cert-manager writes to `certificate.secretName`.
   *
   * The Certificate must live in the gateway **workload** namespace (checked at synth).
   */
  public static simple(certificate: ICertificate, options: GatewayTlsOptions = {}): GatewayTls {
    return factory('GatewayTls.simple', GatewayTls, () => GatewayTls.terminating('GatewayTls.simple', GatewayTlsMode.SIMPLE, certificate, undefined, options));
  }

  /**
   * Terminate TLS and require a client certificate verified against a CA bundle; see
   * `caCertCredentialName` for where Istio finds that CA.
   */
  public static mutual(certificate: ICertificate, options: GatewayMutualTlsOptions = {}): GatewayTls {
    return factory('GatewayTls.mutual', GatewayTls, () => GatewayTls.terminating('GatewayTls.mutual', GatewayTlsMode.MUTUAL, certificate, undefined, options));
  }

  /** Like `mutual()`, but clients without a certificate are let through. */
  public static optionalMutual(certificate: ICertificate, options: GatewayMutualTlsOptions = {}): GatewayTls {
    return factory('GatewayTls.optionalMutual', GatewayTls, () => GatewayTls.terminating('GatewayTls.optionalMutual', GatewayTlsMode.OPTIONAL_MUTUAL, certificate, undefined, options));
  }

  /**
   * Terminate TLS with a Secret this app does not create (e.g. written by another tool).
   * Prefer `simple(certificate)`: only then can the library check namespace and names.
   */
  public static fromCredentialName(credentialName: string, options: GatewayCredentialTlsOptions = {}): GatewayTls {
    const where = 'GatewayTls.fromCredentialName';
    return factory(where, GatewayTls, () => {
      expectFields(where, '', options, { mode: 'string' });
      const mode = options.mode ?? GatewayTlsMode.SIMPLE;
      checkEnum(where, 'mode', mode, GatewayTlsMode, 'GatewayTlsMode');
      if (![GatewayTlsMode.SIMPLE, ...CLIENT_CA_MODES].includes(mode)) {
        fail(where, 'mode', mode, 'a credentialName is only used by the terminating modes SIMPLE, MUTUAL and OPTIONAL_MUTUAL',
          'use GatewayTls.passthrough() or GatewayTls.istioMutual() for the other modes (they take no certificate)');
      }
      checkCredentialName(where, 'credentialName', credentialName);
      return GatewayTls.terminating(where, mode, undefined, credentialName, options);
    });
  }

  /** Pass TLS through to the backend by SNI (server protocol TLS or HTTPS). */
  public static passthrough(): GatewayTls {
    return factory('GatewayTls.passthrough', GatewayTls, () => new GatewayTls({ mode: GatewayTlsMode.PASSTHROUGH }));
  }

  /** SNI-based passthrough to mesh services, as used by multi-network east-west gateways. */
  public static autoPassthrough(): GatewayTls {
    return factory('GatewayTls.autoPassthrough', GatewayTls, () => new GatewayTls({ mode: GatewayTlsMode.AUTO_PASSTHROUGH }));
  }

  /** Terminate with the mesh's own workload certificates (clients are mesh workloads). */
  public static istioMutual(options: GatewayIstioMutualTlsOptions = {}): GatewayTls {
    const where = 'GatewayTls.istioMutual';
    return factory(where, GatewayTls, () => {
      const checked = checkVersionsAndCiphers(where, options);
      checkNoEmptyStrings(where, 'subjectAltNames', options.subjectAltNames, 'list the accepted identities');
      return new GatewayTls({ mode: GatewayTlsMode.ISTIO_MUTUAL, ...checked, subjectAltNames: options.subjectAltNames });
    });
  }

  /**
   * For plain HTTP servers: answer every request with a 301 redirect to HTTPS
   * (`tls.httpsRedirect: true`, no `mode`, as in Istio's and cert-manager's docs).
   *
   * Note that the redirect also catches ACME HTTP-01 challenge requests; Let's Encrypt
   * follows it, so the challenge must also be routable on the HTTPS server.
   */
  public static httpsRedirect(): GatewayTls {
    return factory('GatewayTls.httpsRedirect', GatewayTls, () => new GatewayTls({ redirect: true }));
  }

  /** A terminating TLS block: the certificate (or credential), versions, ciphers and client verification. */
  private static terminating(where: string, mode: GatewayTlsMode, certificate: ICertificate | undefined, credentialName: string | undefined,
    options: GatewayMutualTlsOptions): GatewayTls {
    if (certificate !== undefined || credentialName === undefined) {
      if (certificate === null || typeof certificate !== 'object' || typeof (certificate as any).secretName !== 'string') {
        fail(where, 'certificate', certificate, 'a cert-manager certificate (ICertificate) is required',
          'pass a Certificate of this app, or use GatewayTls.fromCredentialName() for a Secret created elsewhere');
      }
      checkCredentialName(where, 'certificate.secretName', certificate.secretName);
    }
    const checked = checkVersionsAndCiphers(where, options);
    if (!CLIENT_CA_MODES.includes(mode)) {
      if (options.subjectAltNames !== undefined) fail(where, 'subjectAltNames', options.subjectAltNames, `subjectAltNames verify client certificates, which ${mode} does not request`, 'use GatewayTls.mutual()');
      if (options.caCertCredentialName !== undefined) fail(where, 'caCertCredentialName', options.caCertCredentialName, `a client CA is only used by MUTUAL and OPTIONAL_MUTUAL, not ${mode}`, 'use GatewayTls.mutual()');
    }
    checkNoEmptyStrings(where, 'subjectAltNames', options.subjectAltNames, 'list the accepted client identities');
    if (options.caCertCredentialName !== undefined) checkCredentialName(where, 'caCertCredentialName', options.caCertCredentialName, 'client-ca');
    return new GatewayTls({
      mode,
      certificate,
      credentialName: credentialName ?? certificate?.secretName,
      ...checked,
      subjectAltNames: options.subjectAltNames,
      caCertCredentialName: options.caCertCredentialName,
    });
  }

  /** The TLS mode; undefined for `httpsRedirect()`. */
  public readonly mode?: GatewayTlsMode;
  /** Whether this is the plain-HTTP `httpsRedirect()` block. */
  public readonly isHttpsRedirect: boolean;
  /** The certificate whose Secret is served, when it comes from this app. */
  public readonly certificate?: ICertificate;
  /** `credentialName`: the Secret Istio loads in the gateway workload namespace. */
  public readonly credentialName?: string;
  /** Minimum TLS version (TLSV1_2 by default for terminating modes). */
  public readonly minProtocolVersion?: TlsProtocolVersion;
  /** Maximum TLS version, when set. */
  public readonly maxProtocolVersion?: TlsProtocolVersion;
  /** Cipher suites, when set. */
  public readonly cipherSuites?: string[];
  /** Accepted client SANs, when set. */
  public readonly subjectAltNames?: string[];
  /** Secret holding the client CA bundle, when set. */
  public readonly caCertCredentialName?: string;

  private constructor(init: GatewayTlsInit) {
    this.mode = init.mode;
    this.isHttpsRedirect = init.redirect === true;
    this.certificate = init.certificate;
    this.credentialName = init.credentialName;
    this.minProtocolVersion = init.minProtocolVersion;
    this.maxProtocolVersion = init.maxProtocolVersion;
    this.cipherSuites = init.cipherSuites ? [...init.cipherSuites] : undefined;
    this.subjectAltNames = init.subjectAltNames ? [...init.subjectAltNames] : undefined;
    this.caCertCredentialName = init.caCertCredentialName;
  }

  /** @internal */
  public _toKube(): istio.GatewaySpecServersTls {
    if (this.isHttpsRedirect) return { httpsRedirect: true };
    return {
      mode: this.mode as unknown as istio.GatewaySpecServersTlsMode,
      credentialName: this.credentialName,
      caCertCredentialName: this.caCertCredentialName,
      subjectAltNames: this.subjectAltNames,
      minProtocolVersion: this.minProtocolVersion as unknown as istio.GatewaySpecServersTlsMinProtocolVersion,
      maxProtocolVersion: this.maxProtocolVersion as unknown as istio.GatewaySpecServersTlsMaxProtocolVersion,
      cipherSuites: this.cipherSuites,
    };
  }
}
