import { ApiObject, ApiObjectMetadata, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { clusterOf } from '../private/cluster';
import { goDuration } from '../private/duration';
import { resolveMetadata } from '../private/metadata';
import { isWildcard } from '../private/hostnames';
import { checkEmail, isIpAddress } from '../private/names';
import { register } from '../private/registry';
import { expectFields } from '../private/types';
import { describeProblem, fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { AcmeChallengeType, AcmeSolver } from './acme-solver';
import { CERTIFICATE_NAME_REGISTRY, checkAnnotations, checkDnsNameField, checkEnum, checkInteger, checkLabels, checkSecretName, SECRET_NAME_REGISTRY, SECRET_REGISTRY } from './checks';
import { IssuerBase } from './issuer-base';
import { ICertificate, IIssuer, IssuerType } from './references';
import { pickSolver } from './solver-picker';
import { plainRendering } from '../private/plain-render';

/** The Certificate API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const CertificateObject = plainRendering(cm.Certificate, cm.toJson_CertificateProps);

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
  /** Common name (≤ 64 bytes; for ACME it must also be one of `dnsNames`). @default - none */
  readonly commonName?: string;
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
  /** Subject attributes. @default - none */
  readonly subject?: CertificateSubject;
  /** Private key. @default - ECDSA P-256, rotationPolicy Always */
  readonly privateKey?: CertificatePrivateKey;
  /** Signature algorithm (must fit the key algorithm). @default - chosen by the issuer */
  readonly signatureAlgorithm?: SignatureAlgorithm;
  /** Key usages. @default - cert-manager's default: digital signature, key encipherment */
  readonly usages?: KeyUsage[];
  /** Whether this is a CA certificate (cert-manager adds `cert sign`). @default false */
  readonly isCa?: boolean;
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
  /** Extra output formats written into the Secret. @default - none */
  readonly additionalOutputFormats?: AdditionalOutputFormat[];
}

const TEMPORARY_CERTIFICATE_ANNOTATION = 'cert-manager.io/issue-temporary-certificate';
const MIN_DURATION_MS = Duration.hours(1).toMilliseconds();
const MIN_RENEW_BEFORE_MS = Duration.minutes(5).toMilliseconds();
const DEFAULT_DURATION_MS = Duration.days(90).toMilliseconds();
const RSA_SIZES = [2048, 3072, 4096, 8192];
const ECDSA_SIZES = [256, 384, 521];
const SIGNATURE_ALGORITHMS: { [alg: string]: SignatureAlgorithm[] } = {
  RSA: [SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SHA384_WITH_RSA, SignatureAlgorithm.SHA512_WITH_RSA],
  ECDSA: [SignatureAlgorithm.ECDSA_WITH_SHA256, SignatureAlgorithm.ECDSA_WITH_SHA384, SignatureAlgorithm.ECDSA_WITH_SHA512],
  Ed25519: [SignatureAlgorithm.PURE_ED25519],
};

/**
 * A cert-manager Certificate: cert-manager keeps a signed key pair in `secretName`, renewing it
 * before expiry.
 *
 * Checked at synth: a namespaced Issuer is in the Certificate's namespace and cluster; for ACME
 * issuers every name has a solver cert-manager would select (wildcards a DNS-01 one); no other
 * Certificate writes the same Secret.
 */
export class Certificate extends Construct implements ICertificate {
  /** The underlying API object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** Namespace of the Certificate and its Secret. */
  public readonly namespace: string;
  /** Secret cert-manager writes. */
  public readonly secretName: string;
  /** DNS names. */
  public readonly dnsNames: string[];
  /** IP addresses. */
  public readonly ipAddresses: string[];
  /** Common name, if any. */
  public readonly commonName?: string;
  /**
   * The issuer (always set for a Certificate; optional only because `ICertificate.issuer` is,
   * and jsii forbids narrowing it).
   */
  public readonly issuer?: IIssuer;
  /** Whether the temporary-certificate annotation is set. */
  public readonly temporaryCertificate: boolean;
  /** Requested lifetime, if set. */
  public readonly duration?: Duration;

  private readonly issuerOf: IIssuer;
  private readonly uris: string[];
  private readonly emailAddresses: string[];

  public constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const p = props ?? ({} as CertificateProps);
    const issuer = p.issuer;
    if (!issuer || typeof issuer !== 'object' || !issuer.issuerRef) {
      fail(this, 'issuer', issuer, 'issuer is required', 'pass an Issuer, a ClusterIssuer or an imported issuer (Issuer.fromIssuerName(), ClusterIssuer.fromClusterIssuerName())');
    }
    checkIssuerRef(this, issuer);
    this.issuer = issuer;
    this.issuerOf = issuer;

    const annotations = { ...(p.metadata?.annotations ?? {}) };
    if (p.temporaryCertificate) annotations[TEMPORARY_CERTIFICATE_ANNOTATION] = 'true';
    const metadata = resolveMetadata(this, { ...p.metadata, annotations: Object.keys(annotations).length ? annotations : undefined }, { namespaced: true, kind: 'Certificate' });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    // from the rendered annotation: it may also come from metadata.annotations
    this.temporaryCertificate = annotations[TEMPORARY_CERTIFICATE_ANNOTATION] === 'true';

    this.secretName = p.secretName ?? `${this.name}-tls`;
    checkSecretName(this, 'secretName', this.secretName);
    this.dnsNames = checkList(this, 'dnsNames', p.dnsNames, (f, v) => checkDnsNameField(this, f, v));
    this.ipAddresses = checkList(this, 'ipAddresses', p.ipAddresses, (f, v) => {
      if (typeof v !== 'string' || !isIpAddress(v)) fail(this, f, v, 'invalid IP address', 'use an IPv4 or IPv6 address without a prefix length');
    });
    this.emailAddresses = checkList(this, 'emailAddresses', p.emailAddresses, (f, v) => {
      const problem = typeof v === 'string' ? checkEmail(v) : 'must be a string';
      if (problem) fail(this, f, v, `invalid email address: ${problem}`, 'use the bare address, e.g. ops@example.com');
    });
    this.uris = checkList(this, 'uris', p.uris, (f, v) => checkUri(this, f, v));
    this.commonName = p.commonName;
    if (p.commonName !== undefined) {
      if (typeof p.commonName !== 'string' || p.commonName.length === 0) fail(this, 'commonName', p.commonName, 'must be a non-empty string', 'set a common name or remove it');
      const bytes = Buffer.byteLength(p.commonName, 'utf8');
      if (bytes > 64) fail(this, 'commonName', p.commonName, `must be at most 64 bytes (has ${bytes})`, 'shorten it; clients use dnsNames, not the common name');
    }
    if (!p.commonName && this.dnsNames.length === 0 && this.ipAddresses.length === 0 && this.emailAddresses.length === 0 && this.uris.length === 0) {
      fail(this, 'dnsNames', p.dnsNames, 'at least one of commonName, dnsNames, uris, ipAddresses or emailAddresses must be set', 'list the names the certificate is for in dnsNames');
    }

    this.duration = p.duration;
    checkLifetime(this, p);
    checkInteger(this, 'revisionHistoryLimit', p.revisionHistoryLimit, 1, 2147483647, 'keep at least 1 CertificateRequest');
    expectFields(this, '', p, { subject: 'object', usages: 'array', secretTemplate: 'object', privateKey: 'object', additionalOutputFormats: 'array' });
    (p.usages ?? []).forEach((u, i) => checkEnum(this, `usages[${i}]`, u, KeyUsage, 'KeyUsage'));
    const formats = p.additionalOutputFormats ?? [];
    formats.forEach((f, i) => {
      checkEnum(this, `additionalOutputFormats[${i}]`, f, AdditionalOutputFormat, 'AdditionalOutputFormat');
      if (formats.indexOf(f) !== i) fail(this, `additionalOutputFormats[${i}]`, f, 'duplicate output format', 'list each format once');
    });
    checkSubject(this, p.subject);
    checkSecretTemplate(this, p.secretTemplate);
    const privateKey = resolvePrivateKey(this, p.privateKey);
    if (p.signatureAlgorithm !== undefined) {
      checkEnum(this, 'signatureAlgorithm', p.signatureAlgorithm, SignatureAlgorithm, 'SignatureAlgorithm');
      const allowed = SIGNATURE_ALGORITHMS[privateKey.algorithm];
      if (!allowed.includes(p.signatureAlgorithm)) {
        fail(this, 'signatureAlgorithm', p.signatureAlgorithm, `for key algorithm ${privateKey.algorithm} the allowed signature algorithms are ${allowed.join(', ')}`, `use one of ${allowed.join(', ')} or change privateKey.algorithm`);
      }
    }
    if (p.isCa !== undefined && typeof p.isCa !== 'boolean') fail(this, 'isCa', p.isCa, 'must be a boolean', 'use true or false');

    if (p.duration && issuer instanceof IssuerBase && issuer.issuerType === IssuerType.ACME && !issuer.config._acmeDurationFeature) {
      Warnings.add(this, `duration ${goDuration(p.duration)} is not sent to the ACME server (issuer ${issuer.name} has no enableDurationFeature); the CA picks the lifetime (Let's Encrypt: 90 days or shorter)`);
    }

    const spec: cm.CertificateSpec = {
      secretName: this.secretName,
      issuerRef: { name: issuer.issuerRef.name, kind: issuer.issuerRef.kind, group: issuer.issuerRef.group },
      dnsNames: orUndefined(this.dnsNames),
      commonName: p.commonName,
      uris: orUndefined(this.uris),
      ipAddresses: orUndefined(this.ipAddresses),
      emailAddresses: orUndefined(this.emailAddresses),
      duration: p.duration ? goDuration(p.duration) : undefined,
      renewBefore: p.renewBefore ? goDuration(p.renewBefore) : undefined,
      renewBeforePercentage: p.renewBeforePercentage,
      subject: p.subject ? { ...p.subject } : undefined,
      privateKey: {
        algorithm: privateKey.algorithm as unknown as cm.CertificateSpecPrivateKeyAlgorithm,
        size: privateKey.size,
        encoding: privateKey.encoding as unknown as cm.CertificateSpecPrivateKeyEncoding,
        rotationPolicy: privateKey.rotationPolicy as unknown as cm.CertificateSpecPrivateKeyRotationPolicy,
      },
      signatureAlgorithm: p.signatureAlgorithm as unknown as cm.CertificateSpecSignatureAlgorithm,
      usages: p.usages ? (p.usages as unknown as cm.CertificateSpecUsages[]) : undefined,
      isCa: p.isCa,
      secretTemplate: p.secretTemplate && (p.secretTemplate.labels || p.secretTemplate.annotations)
        ? { labels: p.secretTemplate.labels, annotations: p.secretTemplate.annotations } : undefined,
      revisionHistoryLimit: p.revisionHistoryLimit,
      additionalOutputFormats: formats.length ? formats.map((type) => ({ type: type as unknown as cm.CertificateSpecAdditionalOutputFormatsType })) : undefined,
    };
    this.apiObject = new CertificateObject(this, 'Resource', { metadata, spec });

    const cluster = clusterOf(this) ?? '';
    const sameSecret = register(SECRET_REGISTRY, `${cluster}|${this.namespace}|${this.secretName}`, this);
    const sameName = register(CERTIFICATE_NAME_REGISTRY, `${cluster}|${this.namespace}|${this.name}`, this);
    register(SECRET_NAME_REGISTRY, `${cluster}|${this.secretName}`, this);
    this.node.addValidation({ validate: () => this.validateWiring(sameSecret, sameName) });
  }

  /**
   * The labels the Certificate is rendered with (its own and the chart's): what ACME solvers'
   * `selector.matchLabels` are matched against.
   */
  public get labels(): { [key: string]: string } {
    const labels = this.apiObject.metadata.toJson().labels as { [key: string]: string } | undefined;
    return { ...(labels ?? {}) };
  }

  /**
   * The solver the issuer selects for `dnsName` with this Certificate's labels, computed once
   * per synth: the Certificate's own check and the pattern that owns it ask for every name.
   * @internal
   */
  public _solverFor(dnsName: string): AcmeSolver | undefined {
    const issuer = this.issuerOf;
    return issuer instanceof IssuerBase
      ? issuer._solverForLazyLabels(dnsName, () => this.labels)
      : issuer.solverFor(dnsName, this.labels);
  }

  private validateWiring(sameSecret: Construct[], sameName: Construct[]): string[] {
    const errors: string[] = [];
    const issuer = this.issuerOf;
    const ref = issuer.issuerRef;
    const issuerDesc = `${ref.kind} ${JSON.stringify(ref.name)}`;

    // a namespaced issuer only serves Certificates in its own namespace
    if (issuer.issuerNamespace !== undefined && ref.kind !== 'ClusterIssuer' && issuer.issuerNamespace !== this.namespace) {
      errors.push(describeProblem('issuer', `${issuer.issuerNamespace}/${ref.name}`,
        `${issuerDesc} is namespaced and lives in namespace ${JSON.stringify(issuer.issuerNamespace)}, but the Certificate is in ${JSON.stringify(this.namespace)}; cert-manager looks the issuer up in the Certificate's namespace`,
        `define the Issuer in namespace ${JSON.stringify(this.namespace)} or use a ClusterIssuer`));
    }

    // cert-manager resolves issuerRef in its own cluster
    const myCluster = clusterOf(this);
    const issuerCluster = clusterOf(issuer);
    if (myCluster !== undefined && issuerCluster !== undefined && myCluster !== issuerCluster) {
      errors.push(describeProblem('issuer', `${issuerCluster}: ${ref.name}`,
        `${issuerDesc} is defined for cluster ${JSON.stringify(issuerCluster)} but the Certificate renders for cluster ${JSON.stringify(myCluster)}; cert-manager resolves issuerRef in its own cluster, so the issuer must exist in the certificate's cluster`,
        `define the issuer in cluster ${JSON.stringify(myCluster)} too (e.g. a shared CA issuer defined in each cluster) and pass that one`));
    }

    if (issuer.issuerType === IssuerType.ACME) errors.push(...this.validateAcme(issuerDesc));

    if (sameSecret.length > 1) {
      const others = sameSecret.filter((c) => c !== this).map((c) => c.node.path);
      errors.push(describeProblem('secretName', this.secretName,
        `Certificates ${[this.node.path, ...others].join(' and ')} write the same Secret ${JSON.stringify(`${this.namespace}/${this.secretName}`)}; they would overwrite each other and re-issue endlessly, burning the CA's rate limits`,
        'give each Certificate its own secretName, or merge their dnsNames into one Certificate'));
    }
    if (sameName.length > 1) {
      const others = sameName.filter((c) => c !== this).map((c) => c.node.path);
      errors.push(describeProblem('metadata.name', this.name,
        `another Certificate named ${JSON.stringify(this.name)} in namespace ${JSON.stringify(this.namespace)} is defined at ${others.join(', ')}`,
        'give each Certificate a unique metadata.name'));
    }
    return errors;
  }

  private validateAcme(issuerDesc: string): string[] {
    const errors: string[] = [];
    const issuer = this.issuerOf;
    const cn = this.commonName;
    // cert-manager's ACME issuer fails a request whose commonName is not among its SANs
    if (cn !== undefined && !this.dnsNames.includes(cn) && !this.ipAddresses.includes(cn)) {
      errors.push(describeProblem('commonName', cn,
        `ACME requires the commonName to also be in dnsNames or ipAddresses (cert-manager fails the request with "InvalidOrder")`,
        `add ${JSON.stringify(cn)} to dnsNames, or remove commonName`));
    }
    for (const [field, values] of [['uris', this.uris], ['emailAddresses', this.emailAddresses]] as const) {
      if (values.length > 0) {
        errors.push(describeProblem(field, values, `ACME CAs only validate DNS names and IP addresses; a CSR with ${field} is rejected`, `remove ${field} or use a CA or Vault issuer`));
      }
    }
    if (issuer instanceof IssuerBase && issuer._solverCount === 0) return errors; // the issuer reports it
    const names: Array<[string, string]> = this.dnsNames.map((n, i) => [`dnsNames[${i}]`, n]);
    if (cn !== undefined && !this.dnsNames.includes(cn) && !isIpAddress(cn)) names.push(['commonName', cn]);
    for (const [field, dnsName] of names) {
      // a selected solver's challenge route is checked by the Gateway API family (gateway-api/solver-routes)
      if (this._solverFor(dnsName) !== undefined) continue;
      if (isWildcard(dnsName)) {
        const httpOnly = pickSolver(issuer.acmeSolvers, dnsName, this.labels, [AcmeChallengeType.HTTP01, AcmeChallengeType.DNS01]);
        errors.push(describeProblem(field, dnsName,
          `wildcard names can only be validated over DNS-01 (Let's Encrypt offers no HTTP-01 challenge for them) and no DNS-01 solver of ${issuerDesc} is selected for this name${httpOnly ? ' (only an HTTP-01 solver matches)' : ''}; cert-manager would fail with the vague "no configured challenge solvers can be used for this challenge"`,
          `add AcmeSolver.dns01(...) to the issuer with no selector, or with selector.dnsZones containing ${JSON.stringify(dnsName.slice(2))} (or selector.dnsNames containing ${JSON.stringify(dnsName)})`));
      } else {
        errors.push(describeProblem(field, dnsName,
          `no solver of ${issuerDesc} is selected for this name (their selectors' dnsNames, dnsZones and matchLabels exclude it); cert-manager would fail with "no configured challenge solvers can be used for this challenge"`,
          'add a solver without a selector, or widen a selector (dnsNames, dnsZones, matchLabels) to match this name and the Certificate\'s labels'));
      }
    }
    return errors;
  }
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

function checkList(where: Construct, field: string, list: unknown, check: (field: string, v: unknown) => void): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail(where, field, list, 'must be a list', `pass ${field} as an array`);
  list.forEach((v, i) => {
    check(`${field}[${i}]`, v);
    if (list.indexOf(v) !== i) fail(where, `${field}[${i}]`, v, 'duplicate entry', 'list each value once');
  });
  return [...list];
}

function checkUri(where: Construct, field: string, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0) fail(where, field, v, 'must be a non-empty URI', "use an absolute URI, e.g. 'spiffe://cluster.local/ns/default/sa/web'");
  let ok = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) && !/\s/.test(v);
  if (ok) {
    try {
      new URL(v);
    } catch {
      ok = false;
    }
  }
  if (!ok) fail(where, field, v, 'is not a valid absolute URI', "use an absolute URI with a scheme, e.g. 'spiffe://cluster.local/ns/default/sa/web'");
}

function checkIssuerRef(where: Construct, issuer: IIssuer): void {
  const ref = issuer.issuerRef;
  if (typeof ref.name !== 'string' || ref.name.length === 0) {
    fail(where, 'issuer.issuerRef.name', ref.name, 'must be specified', 'reference the issuer by its metadata.name');
  }
  const group = ref.group ?? '';
  if ((group === '' || group === 'cert-manager.io') && !['', 'Issuer', 'ClusterIssuer'].includes(ref.kind ?? '')) {
    fail(where, 'issuer.issuerRef.kind', ref.kind, `must be one of Issuer or ClusterIssuer${group === '' ? ' (did you forget to set spec.issuerRef.group?)' : ''}`,
      'use an Issuer or ClusterIssuer, or ExternalIssuer.fromIssuerReference() with the external group');
  }
}

function checkLifetime(where: Construct, p: CertificateProps): void {
  for (const f of ['duration', 'renewBefore'] as const) {
    if (p[f] !== undefined && !(p[f] instanceof Duration)) fail(where, f, p[f], 'must be a Duration', 'use Duration.days(...) / Duration.hours(...)');
  }
  const durationMs = p.duration?.toMilliseconds() ?? DEFAULT_DURATION_MS;
  const durationLabel = p.duration ? 'duration' : 'duration (default 90 days)';
  if (p.duration && durationMs < MIN_DURATION_MS) {
    fail(where, 'duration', p.duration, 'certificate duration must be greater than 1h0m0s', 'request a lifetime of at least Duration.hours(1)');
  }
  if (p.renewBefore !== undefined && p.renewBeforePercentage !== undefined) {
    fail(where, 'renewBeforePercentage', p.renewBeforePercentage, 'renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set', 'keep only one of them');
  }
  if (p.renewBefore) {
    const ms = p.renewBefore.toMilliseconds();
    if (ms < MIN_RENEW_BEFORE_MS) fail(where, 'renewBefore', p.renewBefore, 'certificate renewBefore must be greater than 5m0s', 'renew at least 5 minutes before expiry');
    if (ms >= durationMs) {
      fail(where, 'renewBefore', p.renewBefore, `certificate ${durationLabel} ${goDuration(Duration.millis(durationMs))} must be greater than renewBefore ${goDuration(p.renewBefore)}`,
        'choose a renewBefore shorter than the duration (e.g. a third of it)');
    }
  }
  const pct = p.renewBeforePercentage;
  if (pct !== undefined) {
    if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 1 || pct > 99) {
      fail(where, 'renewBeforePercentage', pct, 'must be an integer between 1 and 99', 'e.g. 33 renews when a third of the lifetime remains');
    }
    // webhook: duration × (100 − pct) / 100 must be ≥ 5m and < duration; the controller renews at
    // duration × pct / 100 before expiry, so that must be ≥ 5m too
    const webhookValue = (durationMs * (100 - pct)) / 100;
    const controllerValue = (durationMs * pct) / 100;
    if (webhookValue < MIN_RENEW_BEFORE_MS || controllerValue < MIN_RENEW_BEFORE_MS) {
      fail(where, 'renewBeforePercentage', pct, `with ${durationLabel} ${goDuration(Duration.millis(durationMs))} this percentage results in a renewal window shorter than 5m0s`,
        'use a percentage further from 0 and 100, or a longer duration');
    }
  }
}

function checkSubject(where: Construct, s: CertificateSubject | undefined): void {
  if (s === undefined) return;
  for (const f of ['organizations', 'countries', 'organizationalUnits', 'localities', 'provinces', 'streetAddresses', 'postalCodes'] as const) {
    checkList(where, `subject.${f}`, s[f], (field, v) => {
      if (typeof v !== 'string' || v.length === 0) fail(where, field, v, 'must be a non-empty string', 'remove empty entries');
    });
  }
  if (s.serialNumber !== undefined && (typeof s.serialNumber !== 'string' || s.serialNumber.length === 0)) {
    fail(where, 'subject.serialNumber', s.serialNumber, 'must be a non-empty string', 'set it or remove it');
  }
}

function checkSecretTemplate(where: Construct, t: CertificateSecretTemplate | undefined): void {
  if (t === undefined) return;
  checkLabels(where, 'secretTemplate.labels', t.labels);
  checkAnnotations(where, 'secretTemplate.annotations', t.annotations);
  for (const key of Object.keys(t.annotations ?? {})) {
    if (key.startsWith('cert-manager.io/') && key !== 'cert-manager.io/allow-direct-injection') {
      fail(where, `secretTemplate.annotations[${JSON.stringify(key)}]`, key, 'cert-manager.io/* annotations are not allowed', 'use an annotation key of your own (only cert-manager.io/allow-direct-injection is allowed)');
    }
  }
}

interface ResolvedPrivateKey {
  readonly algorithm: PrivateKeyAlgorithm;
  readonly size?: number;
  readonly encoding?: PrivateKeyEncoding;
  readonly rotationPolicy: PrivateKeyRotationPolicy;
}

function resolvePrivateKey(where: Construct, k: CertificatePrivateKey | undefined): ResolvedPrivateKey {
  const key = k ?? {};
  checkEnum(where, 'privateKey.algorithm', key.algorithm, PrivateKeyAlgorithm, 'PrivateKeyAlgorithm');
  checkEnum(where, 'privateKey.encoding', key.encoding, PrivateKeyEncoding, 'PrivateKeyEncoding');
  checkEnum(where, 'privateKey.rotationPolicy', key.rotationPolicy, PrivateKeyRotationPolicy, 'PrivateKeyRotationPolicy');
  const algorithm = key.algorithm ?? PrivateKeyAlgorithm.ECDSA;
  let size = key.size;
  if (algorithm === PrivateKeyAlgorithm.RSA) {
    size = size ?? 2048;
    if (!Number.isInteger(size) || size < 2048 || size > 8192) {
      fail(where, 'privateKey.size', size, 'must be between 2048 and 8192 for rsa keyAlgorithm', 'use 2048, 3072 or 4096');
    }
    if (!RSA_SIZES.includes(size)) fail(where, 'privateKey.size', size, `unusual RSA key size: TLS clients and HSMs expect ${RSA_SIZES.join(', ')}`, 'use 2048, 3072 or 4096');
  } else if (algorithm === PrivateKeyAlgorithm.ECDSA) {
    size = size ?? 256;
    if (!ECDSA_SIZES.includes(size)) fail(where, 'privateKey.size', size, `ECDSA key size must be one of ${ECDSA_SIZES.join(', ')}`, 'use 256 (P-256) or 384 (P-384)');
  } else if (size !== undefined) {
    fail(where, 'privateKey.size', size, 'Ed25519 keys have a fixed size; cert-manager ignores this value', 'remove privateKey.size');
  }
  if (algorithm === PrivateKeyAlgorithm.ED25519 && key.encoding === PrivateKeyEncoding.PKCS1) {
    Warnings.add(where, 'Ed25519 keys cannot be encoded as PKCS1; cert-manager writes PKCS8 instead — set privateKey.encoding to PKCS8');
  }
  return { algorithm, size, encoding: key.encoding, rotationPolicy: key.rotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS };
}
