// How cert-manager objects reference credentials (not exported from the package): Secret names,
// Secret keys and ServiceAccounts. Each check throws the library's error through `fail()`.
import { checkObjectName, requireString } from '../../private/fields';
import { fail, Where } from '../../validation/error';
import type { SecretKeySelector } from '../secret-key-selector';

/** Keys of Secret data: `[-._a-zA-Z0-9]+`, at most 253 characters (apimachinery IsConfigMapKey). */
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** A Secret name: a DNS-1123 subdomain. */
export function checkSecretName(where: Where, field: string, v: unknown): string {
  return checkObjectName(where, field, v, 'Secret');
}

/**
 * cert-manager's webhook requires both `name` ("secret name is required") and `key` ("secret
 * key is required") of every SecretKeySelector it validates; the library requires them
 * everywhere and also checks their syntax.
 */
export function checkSecretKeySelector(where: Where, field: string, ref: SecretKeySelector | undefined): void {
  if (ref === undefined || ref === null || typeof ref !== 'object') {
    fail(where, field, ref, 'a Secret reference { name, key } is required', 'reference the Secret and the key that holds the credential');
  }
  checkSecretName(where, `${field}.name`, ref.name);
  if (typeof ref.key !== 'string' || ref.key.length === 0) {
    fail(where, `${field}.key`, ref.key, 'secret key is required', 'name the key inside the Secret that holds the value');
  }
  if (ref.key.length > 253 || !SECRET_KEY.test(ref.key)) {
    fail(where, `${field}.key`, ref.key, "a Secret data key must consist of letters, digits, '-', '_' or '.' (at most 253)", 'use the key as it appears in the Secret');
  }
}

/** A ServiceAccount reference `{ name, audiences? }` (IssuerServiceAccountRef). */
export function checkServiceAccountRef(where: Where, field: string, s: { name: string; audiences?: string[] } | undefined): void {
  if (!s || typeof s !== 'object') fail(where, field, s, 'a ServiceAccount reference { name } is required', 'name the ServiceAccount');
  checkObjectName(where, `${field}.name`, s.name, 'ServiceAccount');
  if (s.audiences !== undefined) {
    if (!Array.isArray(s.audiences) || s.audiences.length === 0) fail(where, `${field}.audiences`, s.audiences, 'must be a non-empty list when set', 'remove audiences to use the default');
    s.audiences.forEach((a, i) => requireString(where, `${field}.audiences[${i}]`, a, 'remove empty audiences'));
  }
}

/** `{ name, key }` of a SecretKeySelector as rendered (undefined stays undefined). */
export function secretKeyRef(s: SecretKeySelector | undefined): { name: string; key: string } | undefined {
  return s ? { name: s.name, key: s.key } : undefined;
}
