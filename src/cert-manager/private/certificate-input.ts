// A Certificate's input rules and its spec (not exported from the package): what the webhook
// and the CRD schema would reject, checked at construction with the props' field names.
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../../imports/cert-manager-cert-manager.io';
import { goDuration } from '../../private/duration';
import { checkAnnotations, checkDnsNameField, checkEnum, checkInteger, checkLabels, requireArray } from '../../private/fields';
import { checkEmail, isIpAddress } from '../../private/names';
import { expectFields } from '../../private/types';
import { fail } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import {
  AdditionalOutputFormat, CertificatePrivateKey, CertificateProps, CertificateSecretTemplate, CertificateSubject, KeyUsage, PrivateKeyAlgorithm, PrivateKeyEncoding,
  PrivateKeyRotationPolicy, SignatureAlgorithm,
} from '../certificate-options';
import { IIssuer } from '../references';
import { checkKeystores, checkLiteralSubject, checkNameConstraints, checkOtherNames, renderCertificateExtensions } from './certificate-extensions';
import { checkSecretName } from './credentials';

/** A Certificate's names and key as checked, with defaults resolved. */
export interface CertificateInput {
  readonly secretName: string;
  readonly dnsNames: string[];
  readonly ipAddresses: string[];
  readonly emailAddresses: string[];
  readonly uris: string[];
  readonly privateKey: ResolvedPrivateKey;
  readonly additionalOutputFormats: AdditionalOutputFormat[];
}

/** The issuer a Certificate is given: required, with a reference cert-manager accepts. */
export function checkCertificateIssuer(where: Construct, issuer: IIssuer | undefined): IIssuer {
  if (!issuer || typeof issuer !== 'object' || !issuer.issuerRef) {
    fail(where, 'issuer', issuer, 'issuer is required', 'pass an Issuer, a ClusterIssuer or an imported issuer (Issuer.fromIssuerName(), ClusterIssuer.fromClusterIssuerName())');
  }
  checkIssuerRef(where, issuer);
  return issuer;
}

/** Every input rule of a Certificate's props but the issuer's; `defaultSecretName` is `<name>-tls`. */
export function checkCertificateInput(where: Construct, p: CertificateProps, defaultSecretName: string): CertificateInput {
  const secretName = checkSecretName(where, 'secretName', p.secretName ?? defaultSecretName);
  const dnsNames = checkList(where, 'dnsNames', p.dnsNames, (f, v) => checkDnsNameField(where, f, v));
  const ipAddresses = checkList(where, 'ipAddresses', p.ipAddresses, (f, v) => {
    if (typeof v !== 'string' || !isIpAddress(v)) fail(where, f, v, 'invalid IP address', 'use an IPv4 or IPv6 address without a prefix length');
  });
  const emailAddresses = checkList(where, 'emailAddresses', p.emailAddresses, (f, v) => {
    const problem = typeof v === 'string' ? checkEmail(v) : 'must be a string';
    if (problem) fail(where, f, v, `invalid email address: ${problem}`, 'use the bare address, e.g. ops@example.com');
  });
  const uris = checkList(where, 'uris', p.uris, (f, v) => checkUri(where, f, v));
  if (p.commonName !== undefined) {
    if (typeof p.commonName !== 'string' || p.commonName.length === 0) fail(where, 'commonName', p.commonName, 'must be a non-empty string', 'set a common name or remove it');
    const bytes = Buffer.byteLength(p.commonName, 'utf8');
    if (bytes > 64) fail(where, 'commonName', p.commonName, `must be at most 64 bytes (has ${bytes})`, 'shorten it; clients use dnsNames, not the common name');
  }
  // the webhook counts a CN inside literalSubject as the common name, 64-byte limit included
  const literalCommonName = checkLiteralSubject(where, p);
  if (literalCommonName !== undefined && Buffer.byteLength(literalCommonName, 'utf8') > 64) {
    fail(where, 'literalSubject', p.literalSubject, `its CN must be at most 64 bytes (has ${Buffer.byteLength(literalCommonName, 'utf8')})`, 'shorten the CN; clients use dnsNames, not the common name');
  }
  const otherNames = checkOtherNames(where, p.otherNames);
  if (!p.commonName && !literalCommonName && dnsNames.length === 0 && ipAddresses.length === 0 && emailAddresses.length === 0 && uris.length === 0 && otherNames.length === 0) {
    fail(where, 'dnsNames', p.dnsNames, 'at least one of commonName (from the commonName field or from a literalSubject), dnsNames, uris, ipAddresses, emailAddresses or otherNames must be set', 'list the names the certificate is for in dnsNames');
  }
  checkLifetime(where, p);
  checkInteger(where, 'revisionHistoryLimit', p.revisionHistoryLimit, 1, 2147483647, 'keep at least 1 CertificateRequest');
  expectFields(where, '', p, {
    subject: 'object', usages: 'array', secretTemplate: 'object', privateKey: 'object', additionalOutputFormats: 'array',
    literalSubject: 'string', otherNames: 'array', nameConstraints: 'object', keystores: 'object',
  });
  (p.usages ?? []).forEach((u, i) => checkEnum(where, `usages[${i}]`, u, KeyUsage, 'KeyUsage'));
  const formats = p.additionalOutputFormats ?? [];
  formats.forEach((f, i) => {
    checkEnum(where, `additionalOutputFormats[${i}]`, f, AdditionalOutputFormat, 'AdditionalOutputFormat');
    if (formats.indexOf(f) !== i) fail(where, `additionalOutputFormats[${i}]`, f, 'duplicate output format', 'list each format once');
  });
  checkSubject(where, p.subject);
  checkSecretTemplate(where, p.secretTemplate);
  const privateKey = resolvePrivateKey(where, p.privateKey);
  if (p.signatureAlgorithm !== undefined) {
    checkEnum(where, 'signatureAlgorithm', p.signatureAlgorithm, SignatureAlgorithm, 'SignatureAlgorithm');
    const allowed = SIGNATURE_ALGORITHMS[privateKey.algorithm];
    if (!allowed.includes(p.signatureAlgorithm)) {
      fail(where, 'signatureAlgorithm', p.signatureAlgorithm, `for key algorithm ${privateKey.algorithm} the allowed signature algorithms are ${allowed.join(', ')}`, `use one of ${allowed.join(', ')} or change privateKey.algorithm`);
    }
  }
  if (p.isCa !== undefined && typeof p.isCa !== 'boolean') fail(where, 'isCa', p.isCa, 'must be a boolean', 'use true or false');
  checkNameConstraints(where, p.nameConstraints, p.isCa);
  checkKeystores(where, p.keystores);
  return { secretName, dnsNames, ipAddresses, emailAddresses, uris, privateKey, additionalOutputFormats: formats };
}

/** The spec of a Certificate with checked input. */
export function renderCertificateSpec(issuer: IIssuer, p: CertificateProps, input: CertificateInput): cm.CertificateSpec {
  const { privateKey, additionalOutputFormats: formats } = input;
  return {
    secretName: input.secretName,
    issuerRef: { name: issuer.issuerRef.name, kind: issuer.issuerRef.kind, group: issuer.issuerRef.group },
    dnsNames: orUndefined(input.dnsNames),
    commonName: p.commonName,
    uris: orUndefined(input.uris),
    ipAddresses: orUndefined(input.ipAddresses),
    emailAddresses: orUndefined(input.emailAddresses),
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
    ...renderCertificateExtensions(p),
  };
}

const MIN_DURATION_MS = Duration.hours(1).toMilliseconds();
const MIN_RENEW_BEFORE_MS = Duration.minutes(5).toMilliseconds();
const DEFAULT_DURATION_MS = Duration.days(90).toMilliseconds();
const RSA_SIZES = [2048, 3072, 4096, 8192];
const RSA_FIX = 'use 2048, 3072, 4096 or 8192';
const ECDSA_SIZES = [256, 384, 521];
const SIGNATURE_ALGORITHMS: { [alg: string]: SignatureAlgorithm[] } = {
  RSA: [SignatureAlgorithm.SHA256_WITH_RSA, SignatureAlgorithm.SHA384_WITH_RSA, SignatureAlgorithm.SHA512_WITH_RSA],
  ECDSA: [SignatureAlgorithm.ECDSA_WITH_SHA256, SignatureAlgorithm.ECDSA_WITH_SHA384, SignatureAlgorithm.ECDSA_WITH_SHA512],
  Ed25519: [SignatureAlgorithm.PURE_ED25519],
};

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? [...list] : undefined;
}

function checkList(where: Construct, field: string, list: unknown, check: (field: string, v: unknown) => void): string[] {
  requireArray(where, field, list as unknown[] | undefined, { fix: `pass ${field} as an array` });
  if (list === undefined) return [];
  (list as unknown[]).forEach((v, i) => {
    check(`${field}[${i}]`, v);
    if ((list as unknown[]).indexOf(v) !== i) fail(where, `${field}[${i}]`, v, 'duplicate entry', 'list each value once');
  });
  return [...(list as string[])];
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
  const problem = lifetimeProblem(p.duration?.toMilliseconds(), p.renewBefore?.toMilliseconds(), p.renewBeforePercentage);
  if (problem) fail(where, problem.field, p[problem.field], problem.problem, problem.fix);
}

/**
 * What cert-manager's webhook refuses in a Certificate's lifetime (`ValidateDuration`,
 * `validateRenewBefore...` in internal/apis/certmanager/validation/certificate.go), or undefined:
 * the one rule for the L2's props and for Certificate manifests. Durations in milliseconds;
 * `durationMs` undefined is cert-manager's default of 90 days.
 */
export function lifetimeProblem(durationMs: number | undefined, renewBeforeMs: number | undefined, renewBeforePercentage: unknown):
{ field: 'duration' | 'renewBefore' | 'renewBeforePercentage'; problem: string; fix: string } | undefined {
  const duration = durationMs ?? DEFAULT_DURATION_MS;
  const durationLabel = durationMs !== undefined ? 'duration' : 'duration (default 90 days)';
  if (durationMs !== undefined && durationMs < MIN_DURATION_MS) {
    return { field: 'duration', problem: 'certificate duration must be greater than 1h0m0s', fix: 'request a lifetime of at least 1h (Duration.hours(1))' };
  }
  if (renewBeforeMs !== undefined && renewBeforePercentage !== undefined) {
    return { field: 'renewBeforePercentage', problem: 'renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set', fix: 'keep only one of them' };
  }
  if (renewBeforeMs !== undefined) {
    if (renewBeforeMs < MIN_RENEW_BEFORE_MS) return { field: 'renewBefore', problem: 'certificate renewBefore must be greater than 5m0s', fix: 'renew at least 5 minutes before expiry' };
    if (renewBeforeMs >= duration) {
      return {
        field: 'renewBefore',
        problem: `certificate ${durationLabel} ${goDuration(Duration.millis(duration))} must be greater than renewBefore ${goDuration(Duration.millis(renewBeforeMs))}`,
        fix: 'choose a renewBefore shorter than the duration (e.g. a third of it)',
      };
    }
  }
  const pct = renewBeforePercentage;
  if (pct !== undefined) {
    if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 1 || pct > 99) {
      return { field: 'renewBeforePercentage', problem: 'must be an integer between 1 and 99', fix: 'e.g. 33 renews when a third of the lifetime remains' };
    }
    // webhook: duration × (100 − pct) / 100 must be ≥ 5m and < duration; the controller renews at
    // duration × pct / 100 before expiry, so that must be ≥ 5m too
    const webhookValue = (duration * (100 - pct)) / 100;
    const controllerValue = (duration * pct) / 100;
    if (webhookValue < MIN_RENEW_BEFORE_MS || controllerValue < MIN_RENEW_BEFORE_MS) {
      return {
        field: 'renewBeforePercentage',
        problem: `with ${durationLabel} ${goDuration(Duration.millis(duration))} this percentage results in a renewal window shorter than 5m0s`,
        fix: 'use a percentage further from 0 and 100, or a longer duration',
      };
    }
  }
  return undefined;
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
  for (const [key, value] of Object.entries(t.annotations ?? {})) {
    if (key.startsWith('cert-manager.io/') && key !== 'cert-manager.io/allow-direct-injection') {
      fail(where, `secretTemplate.annotations[${JSON.stringify(key)}]`, value, 'cert-manager.io/* annotations are not allowed', 'use an annotation key of your own (only cert-manager.io/allow-direct-injection is allowed)');
    }
  }
}

/** A private key with its defaults resolved. */
export interface ResolvedPrivateKey {
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
      fail(where, 'privateKey.size', size, 'must be between 2048 and 8192 for rsa keyAlgorithm', RSA_FIX);
    }
    if (!RSA_SIZES.includes(size)) fail(where, 'privateKey.size', size, `unusual RSA key size: TLS clients and HSMs expect ${RSA_SIZES.join(', ')}`, RSA_FIX);
  } else if (algorithm === PrivateKeyAlgorithm.ECDSA) {
    size = size ?? 256;
    if (!ECDSA_SIZES.includes(size)) fail(where, 'privateKey.size', size, `ECDSA key size must be one of ${ECDSA_SIZES.join(', ')}`, 'use 256 (P-256), 384 (P-384) or 521 (P-521)');
  } else if (size !== undefined) {
    fail(where, 'privateKey.size', size, 'Ed25519 keys have a fixed size; cert-manager ignores this value', 'remove privateKey.size');
  }
  if (algorithm === PrivateKeyAlgorithm.ED25519 && key.encoding === PrivateKeyEncoding.PKCS1) {
    Warnings.add(where, 'Ed25519 keys cannot be encoded as PKCS1; cert-manager writes PKCS8 instead — set privateKey.encoding to PKCS8');
  }
  return { algorithm, size, encoding: key.encoding, rotationPolicy: key.rotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS };
}
