// The input rules of ACME solvers (not exported from the package): selectors, the HTTP-01
// solver pod, Gateway API parents. Each check throws the library's error through `fail()`.
import { Duration } from 'cdk8s';
import { checkAnnotations, checkDnsNameField, checkEnum, checkInteger, checkLabels, checkObjectName } from '../../private/fields';
import { checkDns1123Label, checkDns1123Subdomain } from '../../private/names';
import { expectFields } from '../../private/types';
import { fail } from '../../validation/error';
import { AcmeSolverOptions, AcmeSolverParentRef, AcmeSolverPodTemplate, AcmeSolverTaintEffect, AcmeSolverTolerationOperator } from '../acme-solver-options';

/** Labels cert-manager sets on solver pods itself and does not let the podTemplate override. */
const RESERVED_POD_LABELS = ['acme.cert-manager.io/http01-solver', 'acme.cert-manager.io/http-domain', 'acme.cert-manager.io/http-token'];

const KIND_PATTERN = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** The options every solver has: selector and waitInsteadOfSelfCheck. */
export function checkSolverOptions(where: string, o: AcmeSolverOptions): void {
  const sel = o.selector;
  if (sel !== undefined) {
    if (sel === null || typeof sel !== 'object') fail(where, 'selector', sel, 'must be an object', 'pass { dnsNames, dnsZones, matchLabels } or omit it');
    for (const [field, list] of [['dnsNames', sel.dnsNames], ['dnsZones', sel.dnsZones]] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length === 0) {
        fail(where, `selector.${field}`, list, 'an empty list matches every name, which is rarely what was meant', `list the ${field === 'dnsNames' ? 'names' : 'zones'} or remove selector.${field}`);
      }
      list.forEach((v, i) => checkDnsNameField(where, `selector.${field}[${i}]`, v, { allowWildcard: field === 'dnsNames' }));
    }
    checkLabels(where, 'selector.matchLabels', sel.matchLabels);
  }
  if (o.waitInsteadOfSelfCheck !== undefined && !(o.waitInsteadOfSelfCheck instanceof Duration)) {
    fail(where, 'waitInsteadOfSelfCheck', o.waitInsteadOfSelfCheck, 'must be a Duration', 'use Duration.seconds(...)');
  }
}

/** The parts of the HTTP-01 solver pod cert-manager lets users set. */
export function checkPodTemplate(where: string, t: AcmeSolverPodTemplate | undefined): void {
  if (t === undefined) return;
  expectFields(where, 'podTemplate', t, { labels: 'object', annotations: 'object', nodeSelector: 'object', tolerations: 'array', priorityClassName: 'string', serviceAccountName: 'string' });
  checkLabels(where, 'podTemplate.labels', t.labels);
  for (const key of Object.keys(t.labels ?? {})) {
    if (RESERVED_POD_LABELS.includes(key)) {
      fail(where, `podTemplate.labels[${JSON.stringify(key)}]`, key, 'cert-manager sets this label on solver pods itself to find them again; a podTemplate value overrides it (pkg/issuer/acme/http/pod.go, mergePodObjectMetaWithPodTemplate) and cert-manager, its solver Service and the routes to it no longer find the pods', 'use a label key of your own');
    }
  }
  checkAnnotations(where, 'podTemplate.annotations', t.annotations);
  checkLabels(where, 'podTemplate.nodeSelector', t.nodeSelector);
  if (t.priorityClassName !== undefined) checkObjectName(where, 'podTemplate.priorityClassName', t.priorityClassName, 'PriorityClass');
  if (t.serviceAccountName !== undefined) checkObjectName(where, 'podTemplate.serviceAccountName', t.serviceAccountName, 'ServiceAccount');
  (t.tolerations ?? []).forEach((tol, i) => {
    const f = `podTemplate.tolerations[${i}]`;
    if (tol === null || typeof tol !== 'object') fail(where, f, tol, 'must be a toleration object', "pass { key?, operator?, value?, effect?, tolerationSeconds? }");
    expectFields(where, f, tol, { key: 'string', value: 'string', tolerationSeconds: 'number' });
    checkEnum(where, `${f}.operator`, tol.operator, AcmeSolverTolerationOperator, 'AcmeSolverTolerationOperator');
    checkEnum(where, `${f}.effect`, tol.effect, AcmeSolverTaintEffect, 'AcmeSolverTaintEffect');
    if (tol.key !== undefined && tol.key !== '') checkLabels(where, `${f}.key`, { [tol.key]: '' });
    const op = tol.operator ?? AcmeSolverTolerationOperator.EQUAL;
    // core/v1 pod validation (validateTolerations)
    if (!tol.key && op !== AcmeSolverTolerationOperator.EXISTS) fail(where, `${f}.operator`, op, "operator must be Exists when the key is empty", "set operator: Exists, or set a key");
    if (op === AcmeSolverTolerationOperator.EXISTS && tol.value) fail(where, `${f}.value`, tol.value, 'value must be empty when operator is Exists', 'remove the value or use operator Equal');
    if (tol.value) checkLabels(where, `${f}.value`, { v: tol.value });
    if (tol.tolerationSeconds !== undefined) {
      checkInteger(where, `${f}.tolerationSeconds`, tol.tolerationSeconds, 0, Number.MAX_SAFE_INTEGER, 'use a whole number of seconds');
      if (tol.effect !== AcmeSolverTaintEffect.NO_EXECUTE) fail(where, `${f}.effect`, tol.effect, "effect must be 'NoExecute' when tolerationSeconds is set", 'set effect: NoExecute or remove tolerationSeconds');
    }
  });
}

/** A Gateway API parent of the challenge HTTPRoute; returns it with `kind` defaulted. */
export function checkParentRef(where: string, f: string, p: AcmeSolverParentRef): AcmeSolverParentRef {
  if (!p || typeof p !== 'object') fail(where, f, p, 'must be an object { name, namespace?, sectionName?, ... }', 'reference the Gateway by name');
  expectFields(where, f, p, { kind: 'string', namespace: 'string', group: 'string', sectionName: 'string', port: 'number' });
  if (typeof p.name !== 'string' || p.name.length === 0 || p.name.length > 253) {
    fail(where, `${f}.name`, p.name, 'name is required (1 to 253 characters)', 'name the Gateway the challenge route attaches to');
  }
  const nameProblem = checkDns1123Subdomain(p.name);
  if (nameProblem) fail(where, `${f}.name`, p.name, `Gateway name ${nameProblem}`, 'use the metadata.name of the Gateway');
  const kind = p.kind ?? 'Gateway';
  if (kind.length === 0 || kind.length > 63 || !KIND_PATTERN.test(kind)) {
    fail(where, `${f}.kind`, p.kind, 'kind must be 1 to 63 letters, digits or dashes, starting with a letter', "use 'Gateway' (the default) or the parent's kind");
  }
  if (p.namespace !== undefined) {
    const nsProblem = checkDns1123Label(p.namespace);
    if (nsProblem) fail(where, `${f}.namespace`, p.namespace, `namespace ${nsProblem}`, 'use the namespace of the Gateway');
  }
  if (p.group !== undefined && p.group !== '') {
    const gProblem = checkDns1123Subdomain(p.group);
    if (gProblem) fail(where, `${f}.group`, p.group, `API group ${gProblem}`, "use 'gateway.networking.k8s.io' (the default) or omit it");
  }
  if (p.sectionName !== undefined) {
    const sProblem = checkDns1123Subdomain(p.sectionName);
    if (sProblem) fail(where, `${f}.sectionName`, p.sectionName, `section name ${sProblem}`, 'use the name of the Gateway listener, e.g. "http"');
  }
  checkInteger(where, `${f}.port`, p.port, 1, 65535, 'use the listener port, e.g. 80');
  // the webhook requires kind whenever name is set: default it to Gateway
  return { name: p.name, namespace: p.namespace, kind, group: p.group, sectionName: p.sectionName, port: p.port };
}
