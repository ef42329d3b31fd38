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

/**
 * TLS settings of an HTTPS listener: TLS is terminated at the gateway with a certificate
 * Secret (`tls.mode: Terminate`, `tls.certificateRefs`).
 */
export class ListenerTls {
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
      return new ListenerTls(certificate.secretName, certificate.namespace, certificate);
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
      return new ListenerTls(secretName, options?.namespace);
    });
  }

  private constructor(
    /** Name of the certificate Secret. */
    public readonly secretName: string,
    /** Namespace of the Secret; undefined means the namespace of the Gateway or ListenerSet. */
    public readonly secretNamespace?: string,
    /** The Certificate writing the Secret, when the app defines it. */
    public readonly certificate?: ICertificate,
  ) {}
}
