import { ICertificate, SecretKeySelector } from '../cert-manager/references';
import { factory } from '../private/factory';
import { fail } from '../validation/error';
import { checkDataKey, checkPem, checkRef } from './private/inputs';

/** A ConfigMap key to read. */
export interface ConfigMapKeySelector {
  /** Name of the ConfigMap (in trust-manager's trust namespace). */
  readonly name: string;
  /** Key within the ConfigMap's `data`. */
  readonly key: string;
}

/** The kind of a Bundle source. */
export enum BundleSourceType {
  /** trust-manager's default CA package (`useDefaultCAs`). */
  DEFAULT_CAS = 'useDefaultCAs',
  /** A key of a Secret in the trust namespace. */
  SECRET = 'secret',
  /** A key of a ConfigMap in the trust namespace. */
  CONFIG_MAP = 'configMap',
  /** PEM certificates written into the Bundle. */
  IN_LINE = 'inLine',
}

/**
 * Where a Bundle's CA certificates come from. Secrets and ConfigMaps are read from
 * trust-manager's *trust namespace* (`cert-manager` unless trust-manager was installed with
 * another `app.trust.namespace`), never from other namespaces.
 */
export class BundleSource {
  /**
   * trust-manager's default CA package (publicly trusted roots, e.g. Debian's). Needs
   * trust-manager installed with `defaultPackage.enabled` (the chart default).
   */
  public static useDefaultCAs(): BundleSource {
    return new BundleSource(BundleSourceType.DEFAULT_CAS);
  }

  /**
   * A key of a Secret in the trust namespace (trust-manager may read Secrets there).
   */
  public static secret(ref: SecretKeySelector): BundleSource {
    return factory('BundleSource.secret', BundleSource, () => {
      checkRef('BundleSource.secret', 'Secret', ref);
      return new BundleSource(BundleSourceType.SECRET, ref.name, ref.key);
    });
  }

  /**
   * A key of a ConfigMap in the trust namespace.
   */
  public static configMap(ref: ConfigMapKeySelector): BundleSource {
    return factory('BundleSource.configMap', BundleSource, () => {
      checkRef('BundleSource.configMap', 'ConfigMap', ref);
      return new BundleSource(BundleSourceType.CONFIG_MAP, ref.name, ref.key);
    });
  }

  /**
   * The Secret of a cert-manager Certificate (a CA), e.g. a self-signed root. The Certificate
   * must be in the trust namespace (checked at synth).
   *
   * @param key the key to read: `ca.crt` (the issuing CA, the usual choice) or `tls.crt`
   * @default key 'ca.crt'
   */
  public static fromCertificate(certificate: ICertificate, key?: string): BundleSource {
    const where = 'BundleSource.fromCertificate';
    return factory(where, BundleSource, () => {
      if (!certificate || typeof certificate.secretName !== 'string' || typeof certificate.namespace !== 'string') {
        fail(where, 'certificate', certificate, 'a certificate with secretName and namespace is required', 'pass a cert-manager Certificate construct');
      }
      const k = key ?? 'ca.crt';
      checkDataKey(where, 'key', k);
      return new BundleSource(BundleSourceType.SECRET, certificate.secretName, k, undefined, certificate);
    });
  }

  /**
   * PEM-encoded CA certificates written into the Bundle itself. Only `CERTIFICATE` blocks are
   * accepted (as trust-manager does); anything that looks like a private key is refused.
   */
  public static inLine(pem: string): BundleSource {
    return factory('BundleSource.inLine', BundleSource, () => {
      const notes = checkPem('BundleSource.inLine', 'pem', pem);
      const source = new BundleSource(BundleSourceType.IN_LINE, undefined, undefined, pem);
      source._notes.push(...notes);
      return source;
    });
  }

  /**
   * Warnings about the source, recorded on the Bundle that uses it.
   *
   * @internal
   */
  public readonly _notes: string[] = [];

  private constructor(
    /** The kind of source. */
    public readonly type: BundleSourceType,
    /** Secret / ConfigMap name. */
    public readonly name?: string,
    /** Secret / ConfigMap key. */
    public readonly key?: string,
    /** The PEM of an `inLine` source. */
    public readonly pem?: string,
    /** The Certificate behind a `fromCertificate()` source. */
    public readonly certificate?: ICertificate,
  ) {}

  /** @internal */
  public _id(): string {
    return `${this.type}/${this.name ?? ''}/${this.key ?? ''}/${this.pem ?? ''}`;
  }
}
