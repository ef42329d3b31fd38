import { ICertificate } from '../cert-manager/references';
import { checkNamespaceName, checkObjectName } from '../private/fields';
import { factory } from '../private/factory';
import { fail } from '../validation/error';

/** Options of `ListenerTls.terminateWithSecret()`. */
export interface SecretTlsOptions {
  /**
   * Namespace of the Secret.
   *
   * @default - the namespace of the Gateway or ListenerSet
   */
  readonly namespace?: string;
}

/** What a listener does with TLS (`tls.mode`). */
export enum ListenerTlsMode {
  /** The gateway terminates TLS with a certificate Secret. */
  TERMINATE = 'Terminate',
  /** The gateway routes the TLS stream by SNI without decrypting it (TLS listeners only); no certificate. */
  PASSTHROUGH = 'Passthrough',
}

/**
 * TLS settings of an HTTPS or TLS listener: TLS terminated at the gateway with a certificate
 * Secret (`tls.mode: Terminate`, `tls.certificateRefs`), or passed through to the backend (TLS
 * listeners, `tls.mode: Passthrough`).
 */
export class ListenerTls {
  /**
   * Pass the TLS stream through to the backend, routed by SNI (a `TLS` listener with TLSRoutes):
   * the backend terminates TLS with its own certificate; the gateway holds none.
   */
  public static passthrough(): ListenerTls {
    return new ListenerTls(ListenerTlsMode.PASSTHROUGH);
  }

  /**
   * Terminate TLS with the Secret a cert-manager `Certificate` writes. A Secret in another
   * namespace than the Gateway (or ListenerSet) needs a ReferenceGrant (created by the Gateway
   * or ListenerSet unless `createReferenceGrants: false`).
   */
  public static terminate(certificate: ICertificate): ListenerTls {
    const where = 'ListenerTls.terminate';
    return factory(where, ListenerTls, () => {
      if (!certificate || typeof certificate.secretName !== 'string' || typeof certificate.namespace !== 'string') {
        fail(where, 'certificate', certificate, 'a certificate with secretName and namespace is required', 'pass a cert-manager Certificate construct');
      }
      return new ListenerTls(ListenerTlsMode.TERMINATE, certificate.secretName, certificate.namespace, certificate);
    });
  }

  /**
   * Terminate TLS with a Secret the library does not create: one written by cert-manager's
   * gateway-shim (`certManagerIssuer` on the Gateway or ListenerSet) or managed elsewhere.
   *
   * @param secretName name of the `kubernetes.io/tls` Secret
   */
  public static terminateWithSecret(secretName: string, options: SecretTlsOptions = {}): ListenerTls {
    const where = 'ListenerTls.terminateWithSecret';
    return factory(where, ListenerTls, () => {
      checkObjectName(where, 'secretName', secretName, 'Secret');
      if (options?.namespace !== undefined) checkNamespaceName(where, 'namespace', options.namespace);
      return new ListenerTls(ListenerTlsMode.TERMINATE, secretName, options?.namespace);
    });
  }

  private constructor(
    /** Terminate or Passthrough. */
    public readonly mode: ListenerTlsMode,
    /** Name of the certificate Secret (Terminate); undefined for Passthrough. */
    public readonly secretName?: string,
    /** Namespace of the Secret; undefined means the namespace of the Gateway or ListenerSet. */
    public readonly secretNamespace?: string,
    /** The Certificate writing the Secret, when the app defines it. */
    public readonly certificate?: ICertificate,
  ) {}
}
