// Istio's own input rules (not exported from the package): selectors, exportTo, Istio metadata,
// durations, RE2 regexes, credential names. Each throws the library's error through `fail()`;
// sources are cited per rule in shared/reference/validation-rules.md part B. The generic checks
// (strings, lists, ports, enums, labels, namespaces) are src/private/fields.ts.
import { ApiObjectMetadata, Duration } from 'cdk8s';
import { isWholeMillis } from '../../private/duration';
import { requireArray, requireString } from '../../private/fields';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue } from '../../private/names';
import { checkRe2 } from '../../private/re2';
import { expectType } from '../../private/types';
import { fail, Where } from '../../validation/error';

/**
 * A workload selector's `matchLabels` (B.3 #4): valid Kubernetes labels, no `*`, no empty
 * keys; when `required`, at least one label (REC: an empty selector selects every workload).
 */
export function checkSelector(where: Where, field: string, selector: { [key: string]: string } | undefined, opts: { required: boolean; fix: string }): void {
  if (selector === undefined) return;
  if (selector === null || typeof selector !== 'object' || Array.isArray(selector)) fail(where, field, selector, 'must be a map of labels', opts.fix);
  const entries = Object.entries(selector);
  if (opts.required && entries.length === 0) fail(where, field, selector, 'a selector without labels selects every workload', opts.fix);
  if (entries.length > 4096) fail(where, field, `${entries.length} labels`, 'a selector has at most 4096 labels', 'select with fewer labels');
  for (const [key, value] of entries) {
    const f = `${field}[${JSON.stringify(key)}]`;
    if (key.includes('*') || (typeof value === 'string' && value.includes('*'))) {
      fail(where, f, value, 'wildcards are not supported in a workload selector', 'select with exact label values');
    }
    const keyProblem = checkLabelKey(key);
    if (keyProblem) fail(where, f, key, `label key ${keyProblem}`, 'use a valid Kubernetes label key');
    if (typeof value !== 'string') fail(where, f, value, 'label value must be a string', 'quote the value');
    const valueProblem = checkLabelValue(value);
    if (valueProblem) fail(where, f, value, `label value ${valueProblem}`, 'use a valid Kubernetes label value');
  }
}

/**
 * `exportTo` (B.2 #7): entries `.`, `*` or a namespace name; no duplicates (`.` is the own
 * namespace); `*` cannot be combined with other entries.
 */
export function checkExportTo(where: Where, field: string, exportTo: string[] | undefined, namespace: string): void {
  if (exportTo === undefined) return;
  requireArray(where, field, exportTo, { nonEmpty: true, fix: 'omit exportTo to export to all namespaces' });
  expectType(where, field, exportTo, 'string[]');
  const seen = new Set<string>();
  exportTo.forEach((e, i) => {
    if (e !== '.' && e !== '*' && checkDns1123Label(e)) fail(where, `${field}[${i}]`, e, 'must be ".", "*" or a namespace name', 'use a valid namespace name');
    const key = e === '.' ? namespace : e;
    if (seen.has(key)) fail(where, `${field}[${i}]`, e, e === key ? 'duplicate entry' : `"." and the own namespace "${namespace}" are the same entry`, 'list every namespace once');
    seen.add(key);
  });
  if (seen.has('*') && exportTo.length > 1) fail(where, field, exportTo, '"*" (all namespaces) cannot be combined with other entries', 'use ["*"] alone or list the namespaces');
}

/** Go `strconv.ParseBool` values. */
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * Istio metadata checks (B.0): `istio.io/dry-run` only on AuthorizationPolicy with ALLOW or
 * DENY and a boolean value; `internal.istio.io/*` annotations are reserved.
 */
export function checkIstioMetadata(where: Where, metadata: ApiObjectMetadata | undefined, kind: string, dryRunAction?: string): void {
  for (const [key, value] of Object.entries(metadata?.annotations ?? {})) {
    const field = `metadata.annotations[${JSON.stringify(key)}]`;
    if (key.startsWith('internal.istio.io/')) {
      fail(where, field, value, 'internal.istio.io/ annotations are reserved for Istio and rejected on user objects', 'remove the annotation');
    }
    if (key === 'istio.io/dry-run') {
      if (kind !== 'AuthorizationPolicy') fail(where, field, value, `${kind} does not support the istio.io/dry-run annotation`, 'remove the annotation');
      if (dryRunAction !== 'ALLOW' && dryRunAction !== 'DENY') {
        fail(where, field, value, `istio.io/dry-run only supports action ALLOW or DENY (action is ${dryRunAction})`, 'remove the annotation or use ALLOW/DENY');
      }
      if (!GO_BOOLS.includes(value)) fail(where, field, value, 'istio.io/dry-run must be a boolean', 'use "true" or "false"');
    }
  }
}

/** Istio durations (B.2 #17): at least 1ms and whole milliseconds. */
export function checkIstioDuration(where: Where, field: string, d: Duration | undefined): void {
  if (d === undefined) return;
  if (!(d instanceof Duration)) fail(where, field, d, 'must be a cdk8s Duration', 'use Duration.seconds(15) or similar');
  if (!isWholeMillis(d)) {
    fail(where, field, d, 'Istio durations must be at least 1ms and a whole number of milliseconds', 'use e.g. Duration.millis(500) or Duration.seconds(15)');
  }
}

/**
 * A regular expression Istio accepts: at most 1024 characters (Istio's stand-in for Envoy's RE2
 * program-size limit, `re2.max_program_size.error_level` 32768 in pkg/bootstrap/config.go) and
 * valid RE2 — istio/istio pkg/config/validation/validation.go `validateStringRegexp`.
 */
export function checkRegex(where: Where, field: string, re: string): void {
  requireString(where, field, re, 'write an RE2 regular expression');
  if (re.length > 1024) fail(where, field, `${re.slice(0, 40)}…`, 'regex is too large, max length allowed is 1024', 'use a shorter expression');
  checkRe2(where, field, re);
}

/** What the Secret named by a credential field holds; it decides the wording of the errors. */
export type CredentialKind = 'certificate' | 'client-ca' | 'upstream-ca';

const CREDENTIAL_WORDING: { [k in CredentialKind]: { holds: string; file: string; fileFix: string; name: string } } = {
  'certificate': {
    holds: 'name the Secret that holds tls.crt/tls.key',
    file: 'file-based certificates (serverCertificate/privateKey paths, "sds") are not supported: Istio gateways load certificates by credentialName from a Secret',
    fileFix: 'create a cert-manager Certificate and use GatewayTls.simple(certificate) (or ClientTls.mutual(certificate)); never combine credentialName with serverCertificate/privateKey',
    name: 'use the name of a Secret in the namespace Istio reads it from',
  },
  'client-ca': {
    holds: 'name the Secret (key `ca.crt`) holding the client CA',
    file: 'caCertCredentialName names a Secret holding the client CA bundle, not a file (file-based caCertificates paths and "sds" are not supported)',
    fileFix: 'name the Secret (key `ca.crt`) holding the client CA, in the gateway workload namespace',
    name: 'name the Secret (key `ca.crt`) holding the client CA, in the gateway workload namespace',
  },
  'upstream-ca': {
    holds: 'name the Secret (key `ca.crt`) holding the CA that signs the upstream\'s certificate',
    file: 'credentialName names a Secret holding the CA bundle, not a file (file-based caCertificates paths and "sds" are not supported)',
    fileFix: 'name the Secret (key `ca.crt`) holding the CA that signs the upstream\'s certificate, in the namespace of the proxy applying the rule (or use caCertificate)',
    name: 'name the Secret (key `ca.crt`) holding the CA, in the namespace of the proxy applying the rule',
  },
};

/**
 * A Secret name Istio resolves by `credentialName` (or `caCertCredentialName`). File paths and
 * the legacy `sds` marker (from old Istio docs) are rejected: the library wires certificates
 * from cert-manager. `kind` says what the Secret holds, for the wording of the errors.
 */
export function checkCredentialName(where: Where, field: string, v: unknown, kind: CredentialKind = 'certificate'): string {
  const w = CREDENTIAL_WORDING[kind];
  requireString(where, field, v, w.holds);
  const s = v as string;
  if (s === 'sds' || s.startsWith('/') || s.includes('/etc/')) fail(where, field, s, w.file, w.fileFix);
  if (s.includes('://')) fail(where, field, s, 'credential URLs (kubernetes://, sds://) are not supported', 'pass the Secret name only');
  const problem = checkDns1123Subdomain(s);
  if (problem) fail(where, field, s, `secret name ${problem}`, w.name);
  return s;
}

/** Lists of strings that must not contain empty strings (AuthorizationPolicy, SANs...). */
export function checkNoEmptyStrings(where: Where, field: string, values: string[] | undefined, fix: string): void {
  if (values === undefined) return;
  requireArray(where, field, values, { fix });
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v.length === 0) fail(where, `${field}[${i}]`, v, 'empty values are not allowed', fix);
  });
}

/** A gateway given as an object (an `IGateway`: `Gateway` or an import), not as its name. */
export function checkGatewayRef(where: Where, field: string, g: unknown): void {
  const ref = g as { qualifiedName?: unknown; node?: unknown } | null;
  if (ref === null || typeof ref !== 'object' || typeof ref.qualifiedName !== 'string' || ref.node === undefined) {
    fail(where, field, g, 'must be an istio.IGateway (an istio.Gateway or istio.Gateway.fromGatewayName())', 'pass the gateway object, not its name');
  }
}
