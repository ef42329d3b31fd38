// AuthorizationPolicies on the gateway pods an ACME HTTP-01 challenge passes (not exported from
// the package). The ACME server's `GET /.well-known/acme-challenge/<token>` arrives on port 80
// (and 443 after an httpsRedirect, both hops through the pods' HTTP filters) without a client
// certificate (no principal, namespace or service account), without a JWT, from addresses Let's
// Encrypt does not publish. Istio evaluates the policies that apply to the pods as the Envoy
// filters it builds run: CUSTOM (the external authorizer), then DENY, then ALLOW — when any
// ALLOW policy applies, a request matching none of their rules is denied with 403 "RBAC: access
// denied" (pilot/pkg/security/authz/builder/builder.go; docs: security/authorization policy
// precedence). Which policies apply: those of the root namespace and of the pods' namespace
// whose `selector` labels the pods carry; with `targetRefs` only a Gateway API Gateway of their
// own namespace (pilot/pkg/model/authorization.go ListAuthorizationPolicies,
// policyattachment.go ShouldAttachPolicy). Dry-run (`istio.io/dry-run`) and AUDIT policies do
// not decide. Values match as Istio generates them (pilot/pkg/security/authz/model/generator.go,
// matcher/): exact, `prefix*`, `*suffix`, `*` (present); hosts case-insensitively.
//
// Errors when the outcome follows from the app; warnings when it rests on something outside
// it (the source address, the gateway's target port, labels of the pods the Gateway's selector
// does not name, an external authorizer).
import { CHALLENGE_PATH } from '../../cert-manager/http01';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str, strings, stringMap } from '../../private/wire';
import { acmeChallengeRequest } from '../routing';
import { challengeWorkloads, ChallengeWorkload, http01Names, ROOT_NAMESPACE } from './challenge-hops';

type Tri = 'yes' | 'no' | 'maybe';

/** The challenge request on one hop, as the pods' RBAC filter sees it. */
interface Request {
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** Sample paths (the token is unknown). */
  readonly paths: string[];
}

/** Why a field gives its result, for messages. */
interface Finding {
  readonly field: string;
  readonly value: unknown;
  readonly result: Tri;
  readonly why: string;
}

const ALL_ADDRESSES = ['0.0.0.0/0', '::/0'];
const NO_IDENTITY = 'the ACME server presents no client certificate, so the request has no mTLS identity';
const NO_JWT = 'the ACME server sends no JWT';
const UNKNOWN_ADDRESS = 'Let\'s Encrypt validates from several addresses it does not publish (and a load balancer may replace them)';
const UNKNOWN_PORT = 'the port the gateway pods listen on is their target port, which the app does not say (8080 for 80 in Istio\'s default gateway)';
/** Headers the validation request carries whose values the app cannot know. */
const SENT_HEADERS = ['user-agent', 'accept', 'accept-encoding', 'connection'];

/** Istio's string match of an AuthorizationPolicy value: exact, `prefix*`, `*suffix`, `*` (any, present). */
function valueMatches(pattern: string, v: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const x = ignoreCase ? v.toLowerCase() : v;
  if (p === '*') return x.length > 0;
  if (p.startsWith('*')) return x.endsWith(p.slice(1));
  if (p.endsWith('*')) return x.startsWith(p.slice(0, -1));
  return x === p;
}

/** A path pattern against the sample paths: `{*}` one segment, `{**}` one or more (path templates), else as valueMatches. */
function pathMatches(pattern: string, paths: string[]): Tri {
  const test = (p: string) => {
    if (pattern.includes('{*}') || pattern.includes('{**}')) {
      const re = new RegExp(`^${pattern.split(/(\{\*\*\}|\{\*\})/).map((part) => (part === '{**}' ? '.+' : part === '{*}' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\*]/g, '\\$&'))).join('')}$`);
      return re.test(p);
    }
    return valueMatches(pattern, p);
  };
  const hits = paths.filter(test).length;
  return hits === paths.length ? 'yes' : hits === 0 ? 'no' : 'maybe';
}

function or(results: Tri[]): Tri {
  return results.includes('yes') ? 'yes' : results.includes('maybe') ? 'maybe' : 'no';
}

function and(results: Tri[]): Tri {
  return results.includes('no') ? 'no' : results.includes('maybe') ? 'maybe' : 'yes';
}

/** A positive list (`values`) and its negation (`notValues`) of one attribute, given how one value fares. */
function listField(field: string, notField: string, values: unknown, notValues: unknown, one: (v: string) => Tri, why: string): Finding[] {
  const out: Finding[] = [];
  const vs = strings(values);
  const nvs = strings(notValues);
  if (values !== undefined) out.push({ field, value: values, result: or(vs.map(one)), why });
  if (notValues !== undefined) {
    const r = or(nvs.map(one));
    out.push({ field: notField, value: notValues, result: r === 'yes' ? 'no' : r === 'no' ? 'yes' : 'maybe', why });
  }
  return out;
}

const never = (): Tri => 'no';
const addressOf = (v: string): Tri => (ALL_ADDRESSES.includes(v) ? 'yes' : 'maybe');

function sourceFindings(source: any, at: string): Finding[] {
  const s = obj(source);
  return [
    ...listField(`${at}.principals`, `${at}.notPrincipals`, s.principals, s.notPrincipals, never, NO_IDENTITY),
    ...listField(`${at}.namespaces`, `${at}.notNamespaces`, s.namespaces, s.notNamespaces, never, NO_IDENTITY),
    ...listField(`${at}.serviceAccounts`, `${at}.notServiceAccounts`, s.serviceAccounts, s.notServiceAccounts, never, NO_IDENTITY),
    ...listField(`${at}.requestPrincipals`, `${at}.notRequestPrincipals`, s.requestPrincipals, s.notRequestPrincipals, never, NO_JWT),
    ...listField(`${at}.ipBlocks`, `${at}.notIpBlocks`, s.ipBlocks, s.notIpBlocks, addressOf, UNKNOWN_ADDRESS),
    ...listField(`${at}.remoteIpBlocks`, `${at}.notRemoteIpBlocks`, s.remoteIpBlocks, s.notRemoteIpBlocks, addressOf, UNKNOWN_ADDRESS),
  ];
}

function operationFindings(operation: any, at: string, req: Request): Finding[] {
  const o = obj(operation);
  const path = (field: string, v: unknown): Finding => ({ field, value: v, result: or(strings(v).map((p) => pathMatches(p, req.paths))), why: `the request is GET ${CHALLENGE_PATH}<token>` });
  const out: Finding[] = [
    ...listField(`${at}.hosts`, `${at}.notHosts`, o.hosts, o.notHosts, (h) => (valueMatches(h, req.host, true) ? 'yes' : 'no'), `the request is for host ${req.host}`),
    ...listField(`${at}.ports`, `${at}.notPorts`, o.ports, o.notPorts, () => 'maybe', UNKNOWN_PORT),
    ...listField(`${at}.methods`, `${at}.notMethods`, o.methods, o.notMethods, (m) => (valueMatches(m, 'GET') ? 'yes' : 'no'), 'the request is a GET'),
  ];
  if (o.paths !== undefined) out.push(path(`${at}.paths`, o.paths));
  if (o.notPaths !== undefined) {
    const r = path(`${at}.notPaths`, o.notPaths);
    out.push({ ...r, result: r.result === 'yes' ? 'no' : r.result === 'no' ? 'yes' : 'maybe' });
  }
  return out;
}

/** How one `when` key fares for the request. */
function whenValue(key: string, req: Request): { one: (v: string) => Tri; why: string } {
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) {
    const name = header[1].toLowerCase();
    if (name === 'host' || name === ':authority') return { one: (v) => (valueMatches(v, req.host, true) ? 'yes' : 'no'), why: `the request is for host ${req.host}` };
    if (SENT_HEADERS.includes(name)) return { one: () => 'maybe', why: `the ACME server's ${name} header is not known to the app` };
    return { one: never, why: `the ACME server sends no ${name} header` };
  }
  if (key === 'source.ip' || key === 'remote.ip') return { one: addressOf, why: UNKNOWN_ADDRESS };
  if (/^source\.(namespace|principal|serviceAccount|trustDomain)$/.test(key)) return { one: never, why: NO_IDENTITY };
  if (key.startsWith('request.auth.')) return { one: never, why: NO_JWT };
  if (key === 'connection.sni') return { one: (v) => (req.scheme === 'https' && valueMatches(v, req.host, true) ? 'yes' : 'no'), why: req.scheme === 'https' ? `the TLS connection's SNI is ${req.host}` : 'the request on port 80 has no TLS, hence no SNI' };
  if (key === 'destination.port') return { one: () => 'maybe', why: UNKNOWN_PORT };
  return { one: () => 'maybe', why: `the app cannot tell the value of ${key} for the request` };
}

/** The findings of one rule, and its result: from (any source), to (any operation), when (all). */
function evaluateRule(rule: any, at: string, req: Request): { result: Tri; findings: Finding[] } {
  const r = obj(rule);
  const findings: Finding[] = [];
  const parts: Tri[] = [];
  const from = arr(r.from);
  if (from.length > 0) {
    parts.push(or(from.map((f, j) => {
      const fs = sourceFindings(obj(f).source, `${at}.from[${j}].source`);
      findings.push(...fs);
      return and(fs.map((x) => x.result));
    })));
  }
  const to = arr(r.to);
  if (to.length > 0) {
    parts.push(or(to.map((t, j) => {
      const fs = operationFindings(obj(t).operation, `${at}.to[${j}].operation`, req);
      findings.push(...fs);
      return and(fs.map((x) => x.result));
    })));
  }
  arr(r.when).forEach((w, j) => {
    const c = obj(w);
    const key = str(c.key) ?? '';
    const { one, why } = whenValue(key, req);
    const fs = listField(`${at}.when[${j}].values`, `${at}.when[${j}].notValues`, c.values, c.notValues, one, why);
    findings.push(...fs);
    parts.push(and(fs.map((x) => x.result)));
  });
  return { result: and(parts), findings };
}

/** A policy applying to the pods: surely, or only if the pods carry labels the app does not name. */
interface Applying {
  readonly policy: ModelObject;
  readonly action: string;
  readonly sure: boolean;
}

function applying(model: AppModel, w: ChallengeWorkload): Applying[] {
  const out: Applying[] = [];
  for (const policy of model.ofKind('security.istio.io', 'AuthorizationPolicy')) {
    if (policy.external || policy.json === undefined || policy.cluster !== w.gateway.cluster) continue;
    if (policy.namespace !== ROOT_NAMESPACE && policy.namespace !== w.namespace) continue;
    if (/^(1|t|true)$/i.test(stringMap(policy.json.metadata?.annotations)['istio.io/dry-run'] ?? '')) continue;
    const spec = obj(policy.json.spec);
    const action = str(spec.action) ?? 'ALLOW';
    if (action === 'AUDIT') continue;
    const refs = [...arr(spec.targetRefs), ...(spec.targetRef !== undefined ? [spec.targetRef] : [])].map(obj);
    if (refs.length > 0) {
      const attached = w.gatewayApiName !== undefined && policy.namespace === w.namespace && refs.some((t) => str(t.kind) === 'Gateway'
        && (str(t.group) ?? '') === 'gateway.networking.k8s.io' && str(t.name) === w.gatewayApiName && (str(t.namespace) ?? w.namespace) === w.namespace);
      if (attached) out.push({ policy, action, sure: true });
      continue;
    }
    const selector = stringMap(obj(spec.selector).matchLabels);
    const entries = Object.entries(selector);
    if (entries.some(([k, v]) => w.labels[k] !== undefined && w.labels[k] !== v)) continue;
    out.push({ policy, action, sure: entries.every(([k]) => w.labels[k] !== undefined) });
  }
  return out;
}

/** What the checks found, grouped by policy and field so that a fleet's shared policy is reported once. */
interface Problem {
  severity: 'error' | 'warning';
  readonly policy: ModelObject;
  readonly field: string;
  readonly value: unknown;
  readonly problem: (where: string) => string;
  readonly fix: string;
  readonly wheres: string[];
}

function describeWorkload(w: ChallengeWorkload): string {
  const labels = Object.entries(w.labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `the pods of Gateway ${w.gateway.namespace}/${w.gateway.name} (${labels ? `${labels} ` : ''}in ${w.namespace})`;
}

const EXEMPT_PATH = `${CHALLENGE_PATH}*`;
const DENIED = 'so the request gets 403 "RBAC: access denied" and the certificate is never issued, nor renewed';

function checkWorkload(model: AppModel, w: ChallengeWorkload, host: string, found: Map<string, Problem>): void {
  const policies = applying(model, w);
  if (policies.length === 0) return;
  for (const hop of w.hops) {
    const sample = acmeChallengeRequest('', host, hop.port, hop.scheme);
    const req: Request = { host, port: hop.port, scheme: hop.scheme, paths: (sample.lastSegment ?? []).map((t) => sample.path + t) };
    const where = `for ${host} on port ${hop.port} of ${describeWorkload(w)}`;
    const add = (p: Omit<Problem, 'wheres'>) => {
      const key = `${p.policy.index}|${p.field}|${p.severity}`;
      const f = found.get(key);
      if (f) {
        if (!f.wheres.includes(where)) f.wheres.push(where);
      } else {
        found.set(key, { ...p, wheres: [where] });
      }
    };
    // CUSTOM: the external authorizer decides on what its rules match
    for (const a of policies.filter((p) => p.action === 'CUSTOM')) {
      arr(obj(a.policy.json.spec).rules).forEach((rule, i) => {
        const { result } = evaluateRule(rule, `spec.rules[${i}]`, req);
        if (result === 'no') return;
        const provider = str(obj(obj(a.policy.json.spec).provider).name) ?? '';
        add({
          severity: 'warning', policy: a.policy, field: `spec.rules[${i}]`, value: rule,
          problem: (at) => `this CUSTOM rule ${result === 'yes' ? 'matches' : 'may match'} the ACME HTTP-01 challenge request GET ${CHALLENGE_PATH}<token> ${at}: the external authorizer of provider ${JSON.stringify(provider)}, outside the app, decides, and must allow it unauthenticated or the certificate is never issued`,
          fix: `exclude the challenge path from the rule (notPaths: ["${EXEMPT_PATH}"] on its operation: to[].operation.notPaths in the manifest, rules[i].to[j].notPaths on the istio.AuthorizationPolicy construct), or make sure the authorizer allows it`,
        });
      });
    }
    // DENY: any matching rule refuses the request
    for (const a of policies.filter((p) => p.action === 'DENY')) {
      arr(obj(a.policy.json.spec).rules).forEach((rule, i) => {
        const { result, findings } = evaluateRule(rule, `spec.rules[${i}]`, req);
        if (result === 'no') return;
        const unsure = findings.find((f) => f.result === 'maybe');
        const decisive = result === 'maybe' ? unsure : findings.find((f) => /\.paths$/.test(f.field)) ?? findings[0];
        add({
          severity: result === 'yes' && a.sure ? 'error' : 'warning', policy: a.policy,
          field: decisive?.field ?? `spec.rules[${i}]`, value: decisive?.value ?? rule,
          problem: (at) => `this DENY rule (rules[${i}]) ${result === 'yes' ? 'matches' : `may match (${unsure!.why})`} the ACME HTTP-01 challenge request GET ${CHALLENGE_PATH}<token> ${at}${a.sure ? '' : ' (if the pods carry the labels of its selector the Gateway does not name)'}: Istio applies DENY policies before ALLOW ones, ${DENIED}`,
          fix: `exclude the challenge path from the rule: notPaths: ["${EXEMPT_PATH}"] on its operation (to[].operation.notPaths in the manifest, rules[i].to[j].notPaths on the istio.AuthorizationPolicy construct)`,
        });
      });
    }
    // ALLOW: when any applies, the request must match one of their rules
    const allows = policies.filter((p) => p.action === 'ALLOW');
    if (allows.length === 0) continue;
    const results = allows.map((a) => ({ a, rules: arr(obj(a.policy.json.spec).rules).map((rule, i) => ({ i, ...evaluateRule(rule, `spec.rules[${i}]`, req) })) }));
    if (results.some(({ rules }) => rules.some((r) => r.result === 'yes'))) continue;
    const first = results.find(({ a }) => a.sure) ?? results[0];
    const maybe = results.flatMap(({ rules }) => rules).find((r) => r.result === 'maybe');
    const failing = first.rules[0]?.findings.find((f) => f.result === 'no');
    const names = results.map(({ a }) => `${a.policy.namespace}/${a.policy.name}`).join(', ');
    const refusals = first.rules.map((r) => {
      const f = r.findings.find((x) => x.result === 'no');
      return f ? `${f.field.replace(/^spec\./, '')} (${f.why})` : `rules[${r.i}]`;
    });
    add({
      severity: maybe || !first.a.sure ? 'warning' : 'error', policy: first.a.policy,
      field: failing?.field ?? 'spec.rules', value: failing?.value ?? [],
      problem: (at) => `the ALLOW policies applying to the ACME HTTP-01 challenge request GET ${CHALLENGE_PATH}<token> ${at} (${names}) have no rule it ${maybe ? 'surely ' : ''}matches${refusals.length > 0 ? `; this policy requires ${refusals.join('; ')}` : ' (this policy has no rules)'}${maybe ? `; whether another rule matches depends on what the app cannot tell (${maybe.findings.find((f) => f.result === 'maybe')!.why})` : ''}: when ALLOW policies apply, a request matching none of their rules is denied, ${DENIED}`,
      fix: `add a rule for the challenge to this policy: { to: [{ operation: { methods: ["GET"], paths: ["${EXEMPT_PATH}"] } }] }`,
    });
  }
}

function checkChallengeAuthorization(model: AppModel, report: Reporter): void {
  if (model.ofKind('security.istio.io', 'AuthorizationPolicy').length === 0) return;
  const found = new Map<string, Problem>();
  const seen = new Set<string>();
  for (const name of http01Names(model)) {
    const key = `${name.certificate.cluster}|${name.host}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const w of challengeWorkloads(model, name.certificate.cluster, name.host)) checkWorkload(model, w, name.host, found);
  }
  for (const p of found.values()) {
    const where = p.wheres.length > 1 ? `${p.wheres[0]} (and ${p.wheres.length - 1} more)` : p.wheres[0];
    if (p.severity === 'error') report.error(p.policy, p.field, p.value, p.problem(where), p.fix);
    else report.warn(p.policy, p.field, p.value, p.problem(where), p.fix);
  }
}

registerChecks({ id: 'istio/acme-challenge-authorization', check: checkChallengeAuthorization });
