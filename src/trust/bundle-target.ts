/** PKCS#12 encryption profiles. */
export enum Pkcs12Profile {
  /** Deprecated; not supported by default in OpenSSL 3 or Java 20. */
  LEGACY_RC2 = 'LegacyRC2',
  /** Less secure, maximal compatibility. */
  LEGACY_DES = 'LegacyDES',
  /** Secure algorithms (2023). */
  MODERN_2023 = 'Modern2023',
}

/** A JKS trust store written next to the PEM bundle (deprecated upstream: prefer PKCS#12). */
export interface JksFormat {
  /** Key in the target ConfigMap / Secret. */
  readonly key: string;
  /**
   * Trust store password (it protects only public certificates).
   *
   * @default 'changeit'
   */
  readonly password?: string;
}

/** A PKCS#12 trust store written next to the PEM bundle. */
export interface Pkcs12Format {
  /** Key in the target ConfigMap / Secret. */
  readonly key: string;
  /**
   * Trust store password (it protects only public certificates).
   *
   * @default '' (no password)
   */
  readonly password?: string;
  /**
   * Encryption profile.
   *
   * @default - trust-manager's default
   */
  readonly profile?: Pkcs12Profile;
}

/** Binary trust store formats written in addition to the PEM bundle. */
export interface AdditionalFormats {
  /**
   * JKS (deprecated upstream).
   *
   * @default - none
   */
  readonly jks?: JksFormat;
  /**
   * PKCS#12.
   *
   * @default - none
   */
  readonly pkcs12?: Pkcs12Format;
}

/**
 * Where trust-manager writes the bundle: a ConfigMap and/or a Secret named like the Bundle, in
 * every namespace (or those matching `namespaceSelector`).
 */
export interface BundleTarget {
  /**
   * Write the PEM bundle to this key of a ConfigMap.
   *
   * @default - no ConfigMap (then secretKey is required)
   */
  readonly configMapKey?: string;
  /**
   * Write the PEM bundle to this key of a Secret. Needs trust-manager installed with
   * `secretTargets.enabled` and the Bundle's name in `secretTargets.authorizedSecrets`.
   *
   * @default - no Secret
   */
  readonly secretKey?: string;
  /**
   * Only namespaces with all of these labels receive the bundle.
   *
   * @default - every namespace
   */
  readonly namespaceSelector?: { [key: string]: string };
  /**
   * JKS / PKCS#12 trust stores.
   *
   * @default - PEM only
   */
  readonly additionalFormats?: AdditionalFormats;
}
