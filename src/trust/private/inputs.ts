// trust-manager's input rules for Bundles: data keys, Secret / ConfigMap references, inline PEM
// (CERTIFICATE blocks only, never a key), targets (not exported from the package).
import { X509Certificate } from 'crypto';
import { Construct } from 'constructs';
import { checkLabels, checkObjectName } from '../../private/fields';
import { expectFields } from '../../private/types';
import { fail, Where } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { BundleTarget, Pkcs12Profile } from '../bundle-target';

/** The CRD limit of an `inLine` source. */
const MAX_INLINE = 1048576;
/** Keys of ConfigMap / Secret data (apimachinery IsConfigMapKey). */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;

/** A key of ConfigMap / Secret data. */
export function checkDataKey(where: Where, field: string, key: unknown): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 253 || !DATA_KEY.test(key)) {
    fail(where, field, key, "a data key must consist of letters, digits, '-', '_' or '.' (1 to 253 characters)", 'use a key such as "ca.crt" or "trust-bundle.pem"');
  }
}

/** A reference to a key of a Secret or ConfigMap. */
export function checkRef(where: string, kind: string, ref: { name: string; key: string } | undefined): void {
  if (ref === null || typeof ref !== 'object') fail(where, 'ref', ref, `a ${kind} reference { name, key } is required`, `name the ${kind} and the key holding the CA certificates`);
  checkObjectName(where, 'name', ref.name, kind);
  checkDataKey(where, 'key', ref.key);
}

/**
 * trust-manager accepts only `CERTIFICATE` PEM blocks without headers, at least one, each a
 * parseable certificate. A private key must never be distributed as trust.
 */
export function checkPem(where: Where, field: string, pem: unknown): string[] {
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

/** A Bundle's target, checked as the CRD and trust-manager's webhook do; a copy. */
export function checkTarget(where: Construct, target: BundleTarget | undefined): BundleTarget {
  if (target === null || typeof target !== 'object') {
    fail(where, 'target', target, 'a Bundle needs a target', 'pass e.g. { configMapKey: "trust-bundle.pem" }');
  }
  if (target.configMapKey === undefined && target.secretKey === undefined) {
    fail(where, 'target', target, 'at least one of configMapKey and secretKey must be set', 'set target.configMapKey, e.g. "trust-bundle.pem"');
  }
  if (target.configMapKey !== undefined) checkDataKey(where, 'target.configMapKey', target.configMapKey);
  if (target.secretKey !== undefined) checkDataKey(where, 'target.secretKey', target.secretKey);
  checkLabels(where, 'target.namespaceSelector', target.namespaceSelector);
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
