import { X509Certificate } from 'crypto';
import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as trust from '../../imports/trust-manager-trust.cert-manager.io';
import { ICertificate, SecretKeySelector } from '../cert-manager/references';
import { clusterOf } from '../private/cluster';
import { omitNamespace, resolveMetadata } from '../private/metadata';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue } from '../private/names';
import { register } from '../private/registry';
import { expectFields } from '../private/types';
import { describeProblem, fail, Where } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { plainRendering } from '../private/plain-render';

/** The Bundle API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const BundleObject = plainRendering(trust.Bundle, trust.toJson_BundleProps);

/** The CRD allows 1 to 100 sources. */
const MAX_SOURCES = 100;
/** The CRD limit of an `inLine` source. */
const MAX_INLINE = 1048576;
/** Keys of ConfigMap / Secret data (apimachinery IsConfigMapKey). */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const REGISTRY = 'trust.Bundle';

/** trust-manager's default trust namespace (Helm value `app.trust.namespace`). */
const DEFAULT_TRUST_NAMESPACE = 'cert-manager';

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
    checkRef('BundleSource.secret', 'Secret', ref);
    return new BundleSource(BundleSourceType.SECRET, ref.name, ref.key);
  }

  /**
   * A key of a ConfigMap in the trust namespace.
   */
  public static configMap(ref: ConfigMapKeySelector): BundleSource {
    checkRef('BundleSource.configMap', 'ConfigMap', ref);
    return new BundleSource(BundleSourceType.CONFIG_MAP, ref.name, ref.key);
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
    if (!certificate || typeof certificate.secretName !== 'string' || typeof certificate.namespace !== 'string') {
      fail(where, 'certificate', certificate, 'a certificate with secretName and namespace is required', 'pass a cert-manager Certificate construct');
    }
    const k = key ?? 'ca.crt';
    checkDataKey(where, 'key', k);
    return new BundleSource(BundleSourceType.SECRET, certificate.secretName, k, undefined, certificate);
  }

  /**
   * PEM-encoded CA certificates written into the Bundle itself. Only `CERTIFICATE` blocks are
   * accepted (as trust-manager does); anything that looks like a private key is refused.
   */
  public static inLine(pem: string): BundleSource {
    const source = new BundleSource(BundleSourceType.IN_LINE, undefined, undefined, pem);
    source._notes.push(...checkPem('BundleSource.inLine', 'pem', pem));
    return source;
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

  /** @internal */
  public _toKube(): trust.BundleSpecSources {
    switch (this.type) {
      case BundleSourceType.DEFAULT_CAS: return { useDefaultCAs: true };
      case BundleSourceType.SECRET: return { secret: { name: this.name, key: this.key } };
      case BundleSourceType.CONFIG_MAP: return { configMap: { name: this.name, key: this.key } };
      default: return { inLine: this.pem };
    }
  }
}

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

/** Properties of a trust-manager `Bundle`. */
export interface BundleProps {
  /**
   * Name (also the name of the target ConfigMap / Secret), labels and annotations. Bundles are
   * cluster-scoped: no namespace.
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * CA certificate sources (1–100); more with `addSource()`.
   *
   * @default - none
   */
  readonly sources?: BundleSource[];
  /** Where the bundle is written. */
  readonly target: BundleTarget;
  /**
   * trust-manager's trust namespace (Helm value `app.trust.namespace`), where Secret and
   * ConfigMap sources are read from. Used for the library's checks only; it is not rendered.
   *
   * @default 'cert-manager'
   */
  readonly trustNamespace?: string;
}

/**
 * A trust-manager `Bundle` (trust.cert-manager.io/v1alpha1, cluster-scoped): collects CA
 * certificates from its sources and writes them, as one PEM bundle (plus optional JKS /
 * PKCS#12), to a ConfigMap and/or Secret named like the Bundle in every selected namespace.
 *
 * Sources are read from trust-manager's trust namespace only (`cert-manager` by default, see
 * `trustNamespace`). Checked at construction: the CRD schema and CEL rules and trust-manager's
 * webhook rules (a source must not be the target itself); inline PEM holds only parseable
 * certificates and no private key. Checked at synth: at least one source; certificates used as
 * sources are in the trust namespace; no two Bundles share a name (they would write the same
 * target).
 */
export class Bundle extends Construct {
  /** The L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`: also the name of the target ConfigMap / Secret. */
  public readonly name: string;
  /** The trust namespace sources are read from. */
  public readonly trustNamespace: string;
  /** Where the bundle is written. */
  public readonly target: BundleTarget;

  private readonly _sources: BundleSource[] = [];

  public constructor(scope: Construct, id: string, props: BundleProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object') fail(this, 'props', props, 'Bundle props are required', 'pass { sources, target }');
    const metadata = resolveMetadata(this, props.metadata, { namespaced: false, kind: 'Bundle' });
    this.name = metadata.name!;
    this.trustNamespace = props.trustNamespace ?? DEFAULT_TRUST_NAMESPACE;
    const nsProblem = checkDns1123Label(this.trustNamespace);
    if (nsProblem) fail(this, 'trustNamespace', this.trustNamespace, `namespace ${nsProblem}`, 'use the namespace trust-manager reads sources from (app.trust.namespace)');
    this.target = checkTarget(this, props.target);
    if (props.sources !== undefined && !Array.isArray(props.sources)) fail(this, 'sources', props.sources, 'must be a list', 'pass an array of BundleSource');
    (props.sources ?? []).forEach((s) => this.addSource(s));

    this.apiObject = new BundleObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    omitNamespace(this.apiObject);
    const sameName = register(REGISTRY, `${clusterOf(this) ?? ''}/${this.name}`, this);
    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (this._sources.length === 0) errors.push(describeProblem('sources', [], 'a Bundle needs at least one source', 'pass sources or call addSource()'));
        this._sources.forEach((s, i) => {
          const cert = s.certificate;
          if (cert && cert.namespace !== this.trustNamespace) {
            errors.push(describeProblem(`sources[${i}]`, `${cert.namespace}/${cert.secretName}`,
              `trust-manager reads source Secrets only from its trust namespace "${this.trustNamespace}", and this Certificate is in "${cert.namespace}"`,
              'create the Certificate in the trust namespace, or set trustNamespace to where trust-manager reads from'));
          }
        });
        if (sameName.length > 1 && sameName[0] !== this) {
          errors.push(describeProblem('metadata.name', this.name, `another Bundle (${sameName[0].node.path}) has this name; both would write the same target`,
            'give each Bundle its own name'));
        }
        return errors;
      },
    });
  }

  /** The sources (copy). */
  public get sources(): BundleSource[] {
    return [...this._sources];
  }

  /** Add a CA certificate source. */
  public addSource(source: BundleSource): void {
    const field = `sources[${this._sources.length}]`;
    if (!(source instanceof BundleSource)) fail(this, field, source, 'must be created with the BundleSource factories', 'use BundleSource.secret() / configMap() / inLine() / useDefaultCAs()');
    if (this._sources.length >= MAX_SOURCES) fail(this, field, source.type, `a Bundle has at most ${MAX_SOURCES} sources`, 'split the bundle');
    const dup = this._sources.findIndex((s) => s._id() === source._id());
    if (dup >= 0) fail(this, field, describeSource(source), `the same source is already sources[${dup}]`, 'list each source once');
    // trust-manager's webhook: "cannot define the same source as target" (the target is named like the Bundle)
    if (source.name === this.name && ((source.type === BundleSourceType.CONFIG_MAP && source.key === this.target.configMapKey)
      || (source.type === BundleSourceType.SECRET && source.key === this.target.secretKey))) {
      fail(this, field, describeSource(source), 'cannot define the same source as target: trust-manager writes the bundle to this key of this object',
        'read from another object or key than the target');
    }
    this._sources.push(source);
    source._notes.forEach((n) => Warnings.add(this, `${field}: ${n}`));
  }

  private _toSpec(): trust.BundleSpec {
    const t = this.target;
    const jks = t.additionalFormats?.jks;
    const p12 = t.additionalFormats?.pkcs12;
    return {
      sources: this._sources.map((s) => s._toKube()),
      target: {
        ...(t.configMapKey !== undefined ? { configMap: { key: t.configMapKey } } : {}),
        ...(t.secretKey !== undefined ? { secret: { key: t.secretKey } } : {}),
        ...(t.namespaceSelector ? { namespaceSelector: { matchLabels: { ...t.namespaceSelector } } } : {}),
        ...(jks || p12 ? {
          additionalFormats: {
            ...(jks ? { jks: { key: jks.key, ...(jks.password !== undefined ? { password: jks.password } : {}) } } : {}),
            ...(p12 ? {
              pkcs12: {
                key: p12.key,
                ...(p12.password !== undefined ? { password: p12.password } : {}),
                ...(p12.profile !== undefined ? { profile: p12.profile } : {}),
              } as trust.BundleSpecTargetAdditionalFormatsPkcs12,
            } : {}),
          },
        } : {}),
      },
    };
  }
}

function describeSource(s: BundleSource): string {
  if (s.type === BundleSourceType.IN_LINE) return 'inLine';
  if (s.type === BundleSourceType.DEFAULT_CAS) return 'useDefaultCAs';
  return `${s.type} ${s.name}/${s.key}`;
}

function checkDataKey(where: Where, field: string, key: unknown): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 253 || !DATA_KEY.test(key)) {
    fail(where, field, key, "a data key must consist of letters, digits, '-', '_' or '.' (1 to 253 characters)", 'use a key such as "ca.crt" or "trust-bundle.pem"');
  }
}

function checkRef(where: string, kind: string, ref: { name: string; key: string } | undefined): void {
  if (ref === null || typeof ref !== 'object') fail(where, 'ref', ref, `a ${kind} reference { name, key } is required`, `name the ${kind} and the key holding the CA certificates`);
  const problem = typeof ref.name === 'string' ? checkDns1123Subdomain(ref.name) : 'is required';
  if (problem) fail(where, 'name', ref.name, `${kind} name ${problem}`, `use the ${kind}'s metadata.name (in the trust namespace)`);
  checkDataKey(where, 'key', ref.key);
}

/**
 * trust-manager accepts only `CERTIFICATE` PEM blocks without headers, at least one, each a
 * parseable certificate. A private key must never be distributed as trust.
 */
function checkPem(where: Where, field: string, pem: unknown): string[] {
  const notes: string[] = [];
  if (typeof pem !== 'string' || pem.trim().length === 0) fail(where, field, pem, 'PEM text is required', 'pass one or more "-----BEGIN CERTIFICATE-----" blocks');
  const text = pem as string;
  // never echo key material into an error message
  if (/PRIVATE KEY/.test(text)) {
    fail(where, field, '<PEM containing a PRIVATE KEY block, not shown>', 'an inline source must hold public CA certificates only, never a private key',
      'remove the private key and pass only the CA certificate(s)');
  }
  if (text.length > MAX_INLINE) fail(where, field, `${text.length} characters`, `inline PEM must be at most ${MAX_INLINE} characters`, 'read large bundles from a ConfigMap or Secret source');
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) fail(where, field, text.slice(0, 40), 'bundle contains no PEM certificates', 'pass one or more "-----BEGIN CERTIFICATE-----" blocks');
  blocks.forEach((b, i) => {
    const [, begin, body, end] = b;
    if (begin !== 'CERTIFICATE' || end !== 'CERTIFICATE') {
      fail(where, `${field} (block ${i})`, begin, 'only CERTIFICATE blocks are allowed in a trust bundle (trust-manager rejects other blocks)', 'remove the non-certificate block');
    }
    if (body.includes(':')) fail(where, `${field} (block ${i})`, 'PEM headers', 'PEM blocks must not carry headers (trust-manager rejects them)', 'remove the header lines');
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(b[0]);
    } catch (e) {
      fail(where, `${field} (block ${i})`, body.slice(0, 20), `invalid PEM certificate (${(e as Error).message})`, 'pass the certificate exactly as PEM-encoded');
    }
    if (!cert.ca) notes.push(`inline certificate ${i} (${cert.subject.replace(/\n/g, ', ')}) is not a CA certificate; trust bundles normally hold CA certificates`);
  });
  return notes;
}

function checkTarget(where: Construct, target: BundleTarget | undefined): BundleTarget {
  if (target === null || typeof target !== 'object') {
    fail(where, 'target', target, 'a Bundle needs a target', 'pass e.g. { configMapKey: "trust-bundle.pem" }');
  }
  if (target.configMapKey === undefined && target.secretKey === undefined) {
    fail(where, 'target', target, 'at least one of configMapKey and secretKey must be set', 'set target.configMapKey, e.g. "trust-bundle.pem"');
  }
  if (target.configMapKey !== undefined) checkDataKey(where, 'target.configMapKey', target.configMapKey);
  if (target.secretKey !== undefined) checkDataKey(where, 'target.secretKey', target.secretKey);
  for (const [key, value] of Object.entries(target.namespaceSelector ?? {})) {
    const problem = checkLabelKey(key) ?? (typeof value === 'string' ? checkLabelValue(value) : 'value must be a string');
    if (problem) fail(where, `target.namespaceSelector[${JSON.stringify(key)}]`, value, `label ${problem}`, 'use a valid Kubernetes label');
  }
  const formats = target.additionalFormats;
  if (formats !== undefined) {
    if (formats === null || (formats.jks === undefined && formats.pkcs12 === undefined)) {
      fail(where, 'target.additionalFormats', formats, 'at least one of jks and pkcs12 must be set', 'set pkcs12: { key: "bundle.p12" } or leave additionalFormats out');
    }
    expectFields(where, 'target.additionalFormats', formats, { jks: 'object', pkcs12: 'object' });
    const used = new Map<string, string>();
    if (target.configMapKey !== undefined) used.set(target.configMapKey, 'target.configMapKey');
    if (target.secretKey !== undefined && !used.has(target.secretKey)) used.set(target.secretKey, 'target.secretKey');
    for (const name of ['jks', 'pkcs12'] as const) {
      const f = formats[name];
      if (f === undefined) continue;
      const field = `target.additionalFormats.${name}`;
      checkDataKey(where, `${field}.key`, f.key);
      const clash = used.get(f.key);
      if (clash) fail(where, `${field}.key`, f.key, `the key is already used by ${clash}; both would be written to the same data key`, 'use a distinct key, e.g. "bundle.p12"');
      used.set(f.key, `${field}.key`);
      const min = name === 'jks' ? 1 : 0;
      if (f.password !== undefined && (typeof f.password !== 'string' || f.password.length < min || f.password.length > 128)) {
        fail(where, `${field}.password`, '<not shown>', `password must be ${min} to 128 characters`, name === 'jks' ? 'leave it out for the default "changeit"' : 'leave it out for no password');
      }
    }
    const profile = formats.pkcs12?.profile;
    if (profile !== undefined && !Object.values(Pkcs12Profile).includes(profile)) {
      fail(where, 'target.additionalFormats.pkcs12.profile', profile, 'profile must be LegacyRC2, LegacyDES or Modern2023', 'use Pkcs12Profile.MODERN_2023');
    }
    if (formats.jks) Warnings.add(where, 'JKS trust stores are deprecated in trust-manager and subject to removal; PKCS#12 stores work with Java too');
  }
  return {
    ...(target.configMapKey !== undefined ? { configMapKey: target.configMapKey } : {}),
    ...(target.secretKey !== undefined ? { secretKey: target.secretKey } : {}),
    ...(target.namespaceSelector ? { namespaceSelector: { ...target.namespaceSelector } } : {}),
    ...(formats ? { additionalFormats: { ...formats } } : {}),
  };
}
