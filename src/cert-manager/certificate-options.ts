// What a Certificate is made of: its props, the private key, the subject, the written Secret's
// template, and the enums they use (the wire values cert-manager accepts).
import { ApiObjectMetadata, Duration } from 'cdk8s';
import { IIssuer } from './references';
import { SecretKeySelector } from './secret-key-selector';

/** Private key algorithms. */
export enum PrivateKeyAlgorithm {
  /** RSA. */
  RSA = 'RSA',
  /** ECDSA (the library's default, P-256). */
  ECDSA = 'ECDSA',
  /** Ed25519 (not supported by many TLS clients and by Let's Encrypt). */
  ED25519 = 'Ed25519',
}

/** Encodings of the private key in the Secret. */
export enum PrivateKeyEncoding {
  /** PKCS#1 (cert-manager's default; Ed25519 keys are always PKCS#8). */
  PKCS1 = 'PKCS1',
  /** PKCS#8. */
  PKCS8 = 'PKCS8',
}

/** Whether a new private key is generated on every issuance. */
export enum PrivateKeyRotationPolicy {
  /** Keep the existing key. */
  NEVER = 'Never',
  /** Generate a new key on every issuance (the library's default, and cert-manager's since v1.18). */
  ALWAYS = 'Always',
}

/** Key usages and extended key usages (the wire values cert-manager accepts). */
export enum KeyUsage {
  /** signing */
  SIGNING = 'signing',
  /** digital signature */
  DIGITAL_SIGNATURE = 'digital signature',
  /** content commitment */
  CONTENT_COMMITMENT = 'content commitment',
  /** key encipherment */
  KEY_ENCIPHERMENT = 'key encipherment',
  /** key agreement */
  KEY_AGREEMENT = 'key agreement',
  /** data encipherment */
  DATA_ENCIPHERMENT = 'data encipherment',
  /** cert sign */
  CERT_SIGN = 'cert sign',
  /** crl sign */
  CRL_SIGN = 'crl sign',
  /** encipher only */
  ENCIPHER_ONLY = 'encipher only',
  /** decipher only */
  DECIPHER_ONLY = 'decipher only',
  /** any */
  ANY = 'any',
  /** server auth */
  SERVER_AUTH = 'server auth',
  /** client auth */
  CLIENT_AUTH = 'client auth',
  /** code signing */
  CODE_SIGNING = 'code signing',
  /** email protection */
  EMAIL_PROTECTION = 'email protection',
  /** s/mime */
  S_MIME = 's/mime',
  /** ipsec end system */
  IPSEC_END_SYSTEM = 'ipsec end system',
  /** ipsec tunnel */
  IPSEC_TUNNEL = 'ipsec tunnel',
  /** ipsec user */
  IPSEC_USER = 'ipsec user',
  /** timestamping */
  TIMESTAMPING = 'timestamping',
  /** ocsp signing */
  OCSP_SIGNING = 'ocsp signing',
  /** microsoft sgc */
  MICROSOFT_SGC = 'microsoft sgc',
  /** netscape sgc */
  NETSCAPE_SGC = 'netscape sgc',
}

/** Extra formats cert-manager writes into the Secret. */
export enum AdditionalOutputFormat {
  /** `key.der`: the private key in DER. */
  DER = 'DER',
  /** `tls-combined.pem`: key and chain in one PEM. */
  COMBINED_PEM = 'CombinedPEM',
}

/**
 * How cert-manager encrypts a PKCS#12 keystore (`keystores.pkcs12.profile`). The keystore sits
 * next to the unencrypted `tls.key` in the same Secret, so the choice is about what the
 * reading client supports, not about secrecy.
 */
export enum Pkcs12Profile {
  /** RC2 and SHA-1 (cert-manager's default): OpenSSL 3 and Java ≥ 20 do not read it without legacy settings. */
  LEGACY_RC2 = 'LegacyRC2',
  /** 3DES and SHA-1: read by old and new clients alike. */
  LEGACY_DES = 'LegacyDES',
  /** PBES2 with AES-256-CBC and an HMAC-SHA-256 MAC: OpenSSL ≥ 1.1.1, Java ≥ 12. */
  MODERN_2023 = 'Modern2023',
  /** PBES2 with AES-256-CBC and a PBMAC1 MAC (FIPS 140-3): OpenSSL ≥ 3.4 and Java ≥ 26 only. */
  MODERN_2026 = 'Modern2026',
}

/**
 * A JKS keystore (`keystore.jks`, plus `truststore.jks` when the issuer returns a CA) that
 * cert-manager writes into the Certificate's Secret, encrypted with a password from a Secret.
 */
export interface JksKeystore {
  /**
   * The Secret key holding the keystore password, in the Certificate's namespace (the library
   * never writes passwords into manifests, so cert-manager's literal `password` field is not
   * offered).
   */
  readonly passwordSecretRef: SecretKeySelector;
  /**
   * Alias of the key entry in the keystore.
   *
   * @default - cert-manager's default, `certificate`
   */
  readonly alias?: string;
}

/**
 * A PKCS#12 keystore (`keystore.p12`, plus `truststore.p12` when the issuer returns a CA) that
 * cert-manager writes into the Certificate's Secret, encrypted with a password from a Secret.
 */
export interface Pkcs12Keystore {
  /**
   * The Secret key holding the keystore password, in the Certificate's namespace (the library
   * never writes passwords into manifests, so cert-manager's literal `password` field is not
   * offered).
   */
  readonly passwordSecretRef: SecretKeySelector;
  /**
   * Encryption and MAC algorithms.
   *
   * @default - cert-manager's default, `Pkcs12Profile.LEGACY_RC2`, which OpenSSL 3 and Java ≥ 20 do not read by default
   */
  readonly profile?: Pkcs12Profile;
}

/** Keystores cert-manager writes into the Certificate's Secret next to `tls.crt` / `tls.key` (what Java workloads read). */
export interface CertificateKeystores {
  /**
   * A JKS keystore.
   *
   * @default - none
   */
  readonly jks?: JksKeystore;
  /**
   * A PKCS#12 keystore.
   *
   * @default - none
   */
  readonly pkcs12?: Pkcs12Keystore;
}

/** An `otherName` subject alternative name (e.g. a Microsoft UPN, OID `1.3.6.1.4.1.311.20.2.3`). */
export interface OtherName {
  /** Object identifier in dotted form, e.g. `1.3.6.1.4.1.311.20.2.3`. */
  readonly oid: string;
  /** The value, a non-empty UTF-8 string. */
  readonly utf8Value: string;
}

/** Names a CA certificate's name constraints permit or exclude. */
export interface NameConstraintItem {
  /**
   * DNS domains, e.g. `example.com` (covering its subdomains).
   *
   * @default - none
   */
  readonly dnsDomains?: string[];
  /**
   * IP ranges in CIDR notation, e.g. `10.0.0.0/8`.
   *
   * @default - none
   */
  readonly ipRanges?: string[];
  /**
   * E-mail addresses or domains.
   *
   * @default - none
   */
  readonly emailAddresses?: string[];
  /**
   * URI domains, e.g. `.example.com`.
   *
   * @default - none
   */
  readonly uriDomains?: string[];
}

/** X.509 name constraints of a CA certificate (`isCa: true`): the names it may sign for. */
export interface NameConstraints {
  /**
   * Mark the extension critical (clients that do not understand it reject the chain).
   *
   * @default false
   */
  readonly critical?: boolean;
  /**
   * Names certificates below this CA must be within.
   *
   * @default - none (then `excluded` must be set)
   */
  readonly permitted?: NameConstraintItem;
  /**
   * Names certificates below this CA must not use (wins over `permitted`).
   *
   * @default - none (then `permitted` must be set)
   */
  readonly excluded?: NameConstraintItem;
}

/** Signature algorithms (must fit the key algorithm). */
export enum SignatureAlgorithm {
  /** RSA keys. */
  SHA256_WITH_RSA = 'SHA256WithRSA',
  /** RSA keys. */
  SHA384_WITH_RSA = 'SHA384WithRSA',
  /** RSA keys. */
  SHA512_WITH_RSA = 'SHA512WithRSA',
  /** ECDSA keys. */
  ECDSA_WITH_SHA256 = 'ECDSAWithSHA256',
  /** ECDSA keys. */
  ECDSA_WITH_SHA384 = 'ECDSAWithSHA384',
  /** ECDSA keys. */
  ECDSA_WITH_SHA512 = 'ECDSAWithSHA512',
  /** Ed25519 keys. */
  PURE_ED25519 = 'PureEd25519',
}

/** The private key cert-manager generates. */
export interface CertificatePrivateKey {
  /** Algorithm. @default PrivateKeyAlgorithm.ECDSA */
  readonly algorithm?: PrivateKeyAlgorithm;
  /** Size: RSA 2048, 3072, 4096 or 8192; ECDSA 256, 384 or 521; none for Ed25519. @default - 256 for ECDSA, 2048 for RSA */
  readonly size?: number;
  /** Encoding in the Secret. @default PrivateKeyEncoding.PKCS1 (cert-manager's default) */
  readonly encoding?: PrivateKeyEncoding;
  /** Rotation. @default PrivateKeyRotationPolicy.ALWAYS */
  readonly rotationPolicy?: PrivateKeyRotationPolicy;
}

/** X.509 subject attributes (besides the common name). */
export interface CertificateSubject {
  /** O. @default - none */
  readonly organizations?: string[];
  /** C. @default - none */
  readonly countries?: string[];
  /** OU. @default - none */
  readonly organizationalUnits?: string[];
  /** L. @default - none */
  readonly localities?: string[];
  /** ST. @default - none */
  readonly provinces?: string[];
  /** Street. @default - none */
  readonly streetAddresses?: string[];
  /** Postal code. @default - none */
  readonly postalCodes?: string[];
  /** Serial number attribute. @default - none */
  readonly serialNumber?: string;
}

/** Labels and annotations cert-manager puts on the Secret it writes. */
export interface CertificateSecretTemplate {
  /** Labels of the Secret. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of the Secret (not `cert-manager.io/*`, except `cert-manager.io/allow-direct-injection`). @default - none */
  readonly annotations?: { [key: string]: string };
}

/** Properties of a `Certificate`. */
export interface CertificateProps {
  /**
   * Metadata: `name` (default: the kebab-cased construct id), `namespace` (default: the chart's,
   * else `default`), labels (matched by ACME solvers' `selector.matchLabels`) and annotations.
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /** The issuer: an `Issuer` in the same namespace, a `ClusterIssuer`, or an imported/external one. */
  readonly issuer: IIssuer;
  /** Secret cert-manager writes the key pair to (in the Certificate's namespace). @default `<name>-tls` */
  readonly secretName?: string;
  /** DNS subject alternative names (a wildcard as `*.example.com`). @default - none */
  readonly dnsNames?: string[];
  /** Common name (≤ 64 bytes; for ACME it must also be one of `dnsNames`). Exclusive with `literalSubject`. @default - none */
  readonly commonName?: string;
  /**
   * The whole subject as an RFC 4514 distinguished name, written into the CSR in exactly this
   * order, e.g. `CN=shop.example.com,OU=Web,O=Example,C=DE` (attribute types C, O, OU, CN,
   * SERIALNUMBER, L, ST, STREET, DC, UID or dotted OIDs; a `CN` counts as the common name).
   * Exclusive with `commonName` and `subject`. cert-manager ≥ 1.15 (feature gate
   * `LiteralCertificateSubject`, on by default).
   *
   * @default - none
   */
  readonly literalSubject?: string;
  /**
   * `otherName` subject alternative names. cert-manager ≥ 1.20 (feature gate `OtherNames`, on by
   * default since 1.20).
   *
   * @default - none
   */
  readonly otherNames?: OtherName[];
  /** URI subject alternative names, e.g. SPIFFE IDs. @default - none */
  readonly uris?: string[];
  /** IP subject alternative names. @default - none */
  readonly ipAddresses?: string[];
  /** E-mail subject alternative names (bare addresses). @default - none */
  readonly emailAddresses?: string[];
  /** Requested lifetime (≥ 1h). @default - cert-manager's default of 90 days (ACME CAs choose their own) */
  readonly duration?: Duration;
  /** Renew this long before expiry (≥ 5m, < duration). Exclusive with `renewBeforePercentage`. @default - cert-manager's default (2/3 of the lifetime elapsed) */
  readonly renewBefore?: Duration;
  /** Renew when this percentage of the lifetime remains (1–99). Exclusive with `renewBefore`. @default - cert-manager's default */
  readonly renewBeforePercentage?: number;
  /** Subject attributes. Exclusive with `literalSubject`. @default - none */
  readonly subject?: CertificateSubject;
  /** Private key. @default - ECDSA P-256, rotationPolicy Always */
  readonly privateKey?: CertificatePrivateKey;
  /** Signature algorithm (must fit the key algorithm). @default - chosen by the issuer */
  readonly signatureAlgorithm?: SignatureAlgorithm;
  /** Key usages. @default - cert-manager's default: digital signature, key encipherment */
  readonly usages?: KeyUsage[];
  /** Whether this is a CA certificate (cert-manager adds `cert sign`). @default false */
  readonly isCa?: boolean;
  /**
   * Name constraints of a CA certificate (`isCa: true`). cert-manager ≥ 1.17 (feature gate
   * `NameConstraints`, on by default since 1.17).
   *
   * @default - none
   */
  readonly nameConstraints?: NameConstraints;
  /**
   * JKS and PKCS#12 keystores written into the Secret as well, each encrypted with a password
   * read from a Secret.
   *
   * @default - none
   */
  readonly keystores?: CertificateKeystores;
  /** Labels and annotations of the written Secret. @default - none */
  readonly secretTemplate?: CertificateSecretTemplate;
  /**
   * Have cert-manager write a temporary self-signed certificate into the Secret until the real
   * one is issued (annotation `cert-manager.io/issue-temporary-certificate: "true"`), so a
   * Gateway server referencing the Secret can start serving (and redirecting) at once.
   * @default false
   */
  readonly temporaryCertificate?: boolean;
  /** How many CertificateRequests to keep (≥ 1). @default - cert-manager's default */
  readonly revisionHistoryLimit?: number;
  /**
   * Extra output formats written into the Secret (cert-manager ≥ 1.15: feature gate
   * `AdditionalCertificateOutputFormats`, on by default since 1.15).
   *
   * @default - none
   */
  readonly additionalOutputFormats?: AdditionalOutputFormat[];
}
