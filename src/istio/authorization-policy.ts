import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as istiosec from '../../imports/istio-security-security.istio.io';
import { Resource, ResourceType } from '../core/resource';
import { checkEnum, checkPort, requireArray, requireString } from '../private/fields';
import { checkDns1123Label, checkDns1123Subdomain, isIpOrCidr } from '../private/names';
import { optionalProps } from '../private/types';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import './private/acme-authorization-checks';
import './private/authorization-policy-checks';
import { checkIstioMetadata, checkNoEmptyStrings, checkSelector } from './private/checks';

const AUTHORIZATION_POLICY = ResourceType._of({
  l1: istiosec.AuthorizationPolicy, mapper: istiosec.toJson_AuthorizationPolicyProps, kind: 'AuthorizationPolicy', namespaced: true,
});

/** What an AuthorizationPolicy does with matching requests. */
export enum AuthorizationAction {
  /** Allow matching requests; once any ALLOW policy selects a workload, everything else is denied. */
  ALLOW = 'ALLOW',
  /** Deny matching requests. */
  DENY = 'DENY',
  /** Audit matching requests (needs an audit provider). */
  AUDIT = 'AUDIT',
  /** Delegate to an external authorizer (`provider`). */
  CUSTOM = 'CUSTOM',
}

/** Who sends the request (`rules[].from[].source`); at least one field. */
export interface AuthorizationSource {
  /**
   * Peer identities `<trust-domain>/ns/<namespace>/sa/<service-account>`, optionally with a
   * leading or trailing `*` (e.g. `cluster.local/ns/shop/sa/*`), or `*` for any mTLS peer.
   *
   * @default - any
   */
  readonly principals?: string[];
  /**
   * Peer identities that must not match (same forms as principals).
   *
   * @default - none
   */
  readonly notPrincipals?: string[];
  /**
   * Request (JWT) principals `<iss>/<sub>`, `*` allowed.
   *
   * @default - any
   */
  readonly requestPrincipals?: string[];
  /**
   * Request principals that must not match.
   *
   * @default - none
   */
  readonly notRequestPrincipals?: string[];
  /**
   * Namespaces of the peer (mTLS), optionally with a leading or trailing `*`.
   *
   * @default - any
   */
  readonly namespaces?: string[];
  /**
   * Peer namespaces that must not match.
   *
   * @default - none
   */
  readonly notNamespaces?: string[];
  /**
   * Peer IPs or CIDRs (the direct connection).
   *
   * @default - any
   */
  readonly ipBlocks?: string[];
  /**
   * Peer IPs or CIDRs that must not match.
   *
   * @default - none
   */
  readonly notIpBlocks?: string[];
  /**
   * Original client IPs or CIDRs (X-Forwarded-For / PROXY protocol).
   *
   * @default - any
   */
  readonly remoteIpBlocks?: string[];
  /**
   * Original client IPs or CIDRs that must not match.
   *
   * @default - none
   */
  readonly notRemoteIpBlocks?: string[];
  /**
   * Peer service accounts `sa` (same namespace) or `ns/sa`; at most 16; not combined with
   * principals or namespaces.
   *
   * @default - any
   */
  readonly serviceAccounts?: string[];
  /**
   * Peer service accounts that must not match.
   *
   * @default - none
   */
  readonly notServiceAccounts?: string[];
}

/** What the request does (`rules[].to[].operation`); at least one field. */
export interface AuthorizationOperation {
  /**
   * Hosts (Host header).
   *
   * @default - any
   */
  readonly hosts?: string[];
  /**
   * Hosts that must not match.
   *
   * @default - none
   */
  readonly notHosts?: string[];
  /**
   * Destination ports.
   *
   * @default - any
   */
  readonly ports?: number[];
  /**
   * Destination ports that must not match.
   *
   * @default - none
   */
  readonly notPorts?: number[];
  /**
   * HTTP methods.
   *
   * @default - any
   */
  readonly methods?: string[];
  /**
   * HTTP methods that must not match.
   *
   * @default - none
   */
  readonly notMethods?: string[];
  /**
   * Paths; `*` prefix/suffix, or `{*}` / `{**}` path templates.
   *
   * @default - any
   */
  readonly paths?: string[];
  /**
   * Paths that must not match.
   *
   * @default - none
   */
  readonly notPaths?: string[];
}

/** An extra condition (`rules[].when[]`). */
export interface AuthorizationCondition {
  /** Attribute, e.g. `request.headers[x-tenant]`, `source.ip`, `request.auth.claims[iss]`. */
  readonly key: string;
  /**
   * Accepted values (at least one of values / notValues).
   *
   * @default - none
   */
  readonly values?: string[];
  /**
   * Rejected values.
   *
   * @default - none
   */
  readonly notValues?: string[];
}

/** A rule: all of from, to and when must match (each list matches if any entry does). */
export interface AuthorizationRule {
  /**
   * Sources.
   *
   * @default - any source
   */
  readonly from?: AuthorizationSource[];
  /**
   * Operations.
   *
   * @default - any operation
   */
  readonly to?: AuthorizationOperation[];
  /**
   * Conditions.
   *
   * @default - none
   */
  readonly when?: AuthorizationCondition[];
}

/** A policy target (`targetRefs[]`): a Service, ServiceEntry, or Gateway API Gateway/GatewayClass. */
export interface PolicyTargetReference {
  /** `Service`, `ServiceEntry`, `Gateway` or `GatewayClass`. */
  readonly kind: string;
  /** Name of the target in the policy's namespace. */
  readonly name: string;
  /**
   * API group.
   *
   * @default - "" for Service, networking.istio.io for ServiceEntry, gateway.networking.k8s.io for Gateway and GatewayClass
   */
  readonly group?: string;
}

const TARGET_GROUPS: { [kind: string]: string } = {
  Service: '',
  ServiceEntry: 'networking.istio.io',
  Gateway: 'gateway.networking.k8s.io',
  GatewayClass: 'gateway.networking.k8s.io',
};

/** Props of `AuthorizationPolicy`. */
export interface AuthorizationPolicyProps {
  /**
   * Name, namespace, labels and annotations (`istio.io/dry-run` allowed for ALLOW/DENY). A
   * policy in the mesh root namespace without selector applies to the whole mesh.
   *
   * @default - name from the construct id, namespace from the chart (else `default`)
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Action.
   *
   * @default AuthorizationAction.ALLOW
   */
  readonly action?: AuthorizationAction;
  /**
   * Name of the extension provider (meshConfig `extensionProviders`); CUSTOM only.
   *
   * @default - none
   */
  readonly provider?: string;
  /**
   * Labels of the workloads the policy applies to.
   *
   * @default - every workload of the namespace (or mesh)
   */
  readonly selector?: { [key: string]: string };
  /**
   * Targets instead of a selector (waypoints, Gateway API gateways); at most 16.
   *
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
  /**
   * Rules; more with `addRule()`. An ALLOW policy without rules denies every request.
   *
   * @default - none
   */
  readonly rules?: AuthorizationRule[];
}

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces', 'ipBlocks', 'notIpBlocks',
  'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'] as const;
const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;
/** Source fields that also apply to plain TCP traffic (upstream `tcpRulesInFrom`). */
const TCP_SOURCE_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'] as const;
const CUSTOM_FORBIDDEN_SOURCE = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts'] as const;

const PRINCIPAL_FORM = '"<trust-domain>/ns/<namespace>/sa/<service-account>", optionally with a leading or trailing "*" (e.g. "cluster.local/ns/shop/sa/*")';

/**
 * REC (upstream only checks non-empty): a principal is `<td>/ns/<ns>/sa/<sa>`; a leading `*`
 * makes it a suffix, a trailing `*` a prefix of that shape.
 */
function principalProblem(p: string): string | undefined {
  if (p === '*') return undefined;
  const lead = p.startsWith('*');
  const trail = p.endsWith('*') && p.length > 1;
  const core = p.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (core.includes('*')) return '"*" is only allowed at the start or the end';
  if (lead && trail) return undefined;
  const tokens: ((s: string, partial: boolean) => boolean)[] = [
    (s) => /^[A-Za-z0-9._-]*$/.test(s) && s.length > 0,
    (s, partial) => (partial ? (lead ? 'ns'.endsWith(s) : 'ns'.startsWith(s)) : s === 'ns'),
    (s, partial) => (partial ? /^[a-z0-9-]*$/.test(s) : !checkDns1123Label(s)),
    (s, partial) => (partial ? (lead ? 'sa'.endsWith(s) : 'sa'.startsWith(s)) : s === 'sa'),
    (s, partial) => (partial ? /^[a-z0-9.-]*$/.test(s) : !checkDns1123Subdomain(s)),
  ];
  const segs = core.split('/');
  if (segs.length > tokens.length) return 'has too many "/"-separated parts';
  if (!lead && !trail && segs.length !== tokens.length) return 'has too few "/"-separated parts';
  const offset = lead ? tokens.length - segs.length : 0;
  const ok = segs.every((s, i) => {
    const partial = (lead && i === 0) || (trail && i === segs.length - 1);
    const check = tokens[offset + i];
    return partial && offset + i === 0 ? /^[A-Za-z0-9._-]*$/.test(s) : check(s, partial);
  });
  return ok ? undefined : 'does not have the principal shape';
}

function namespacePatternProblem(ns: string): string | undefined {
  if (ns === '*') return undefined;
  const core = ns.replace(/^\*/, '').replace(/\*$/, '');
  if (core.includes('*')) return '"*" is only allowed at the start or the end';
  if (core.length === ns.length) return checkDns1123Label(ns) ? 'must be a namespace name (DNS-1123 label)' : undefined;
  return /^[a-z0-9-]+$/.test(core) ? undefined : 'must be a namespace name with an optional leading or trailing "*"';
}

/** Upstream `CheckValidPathTemplate`: `{**}` last, no other braces, pchar literals. */
function pathProblem(path: string): string | undefined {
  const hasTemplate = path.includes('{*}') || path.includes('{**}');
  let sawAny = false;
  for (const glob of path.replace(/^\/+|\/+$/g, '').split('/')) {
    if (glob === '{*}' || glob === '{**}') {
      if (sawAny) return '"{**}" must be the last operator of a path template';
      sawAny = glob === '{**}';
      continue;
    }
    if (/[{}]/.test(glob)) return 'contains "{" or "}" beyond a supported path template ({*} or {**})';
    if (hasTemplate && !/^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/.test(glob)) return `contains segment "${glob}" with an invalid literal (RFC 3986 pchar)`;
  }
  return undefined;
}

const MAP_KEY = /^[^[]+\[.+\]$/;
const WHEN_KEYS_EXACT = ['source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.principal', 'source.trustDomain',
  'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni'];
const WHEN_KEYS_MAP = ['request.headers', 'request.experimental.inline.headers', 'request.auth.claims', 'experimental.envoy.filters.'];

function whenKeyProblem(key: string): { problem: string; fix: string } | undefined {
  if (key === 'destination.namespace') return { problem: 'attribute destination.namespace is replaced by the policy\'s metadata.namespace', fix: 'create the policy in that namespace' };
  if (key.startsWith('destination.labels')) return { problem: 'attribute destination.labels is replaced by the workload selector', fix: 'use selector' };
  if (key === 'destination.name' || key === 'destination.user') return { problem: `deprecated attribute ${key}: only supported in v1alpha1`, fix: 'use selector or source.principal' };
  if (WHEN_KEYS_EXACT.includes(key)) return undefined;
  const prefix = WHEN_KEYS_MAP.find((p) => key.startsWith(p));
  if (prefix) return MAP_KEY.test(key) ? undefined : { problem: 'bad key: should have the format a[b]', fix: `write e.g. "${prefix.replace(/\.$/, '')}[name]"` };
  return { problem: 'unknown attribute', fix: `use one of ${WHEN_KEYS_EXACT.join(', ')}, request.headers[<name>] or request.auth.claims[<claim>]` };
}

/**
 * An Istio `security.istio.io/v1` AuthorizationPolicy: allow, deny, audit or delegate
 * requests to the selected workloads.
 */
export class AuthorizationPolicy extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** The action. */
  public readonly action: AuthorizationAction;
  /** The workload selector, when set. */
  public readonly selector?: { [key: string]: string };

  private readonly _rules: AuthorizationRule[] = [];
  private readonly provider?: string;
  private readonly targetRefs: istiosec.AuthorizationPolicySpecTargetRefs[];

  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps = {}) {
    props = optionalProps(scope.node.path ? `${scope.node.path}/${id}` : id, props);
    super(scope, id, AUTHORIZATION_POLICY, props.metadata);
    this.namespace = this.apiObject.metadata.namespace!;
    this.action = checkEnum(this, 'action', props.action ?? AuthorizationAction.ALLOW, AuthorizationAction, 'AuthorizationAction');
    checkIstioMetadata(this, props.metadata, 'AuthorizationPolicy', this.action);

    if (this.action === AuthorizationAction.CUSTOM) {
      if (props.provider === undefined || props.provider === '') fail(this, 'provider.name', props.provider, '`provider.name` must not be empty for the CUSTOM action', 'name an extensionProvider of meshConfig');
    } else if (props.provider !== undefined) {
      fail(this, 'provider', props.provider, `provider must not be set with a non CUSTOM action (action is ${this.action})`, 'use action CUSTOM or remove provider');
    }
    if (props.provider !== undefined) requireString(this, 'provider.name', props.provider, 'name an extensionProvider of meshConfig');

    if (props.selector !== undefined && props.targetRefs !== undefined) fail(this, 'targetRefs', props.targetRefs, 'only one of targetRefs or selector can be set', 'keep one of them');
    checkSelector(this, 'selector.matchLabels', props.selector, { required: true, fix: 'select workloads by label, or omit selector for the whole namespace' });
    this.selector = props.selector ? { ...props.selector } : undefined;
    const targetRefs = requireArray(this, 'targetRefs', props.targetRefs, { nonEmpty: true, fix: 'omit targetRefs or list targets' });
    if (targetRefs.length > 16) fail(this, 'targetRefs', `${targetRefs.length} targets`, 'at most 16 targetRefs are allowed', 'split the policy');
    const renderedRefs = targetRefs.map((t, i) => {
      const f = `targetRefs[${i}]`;
      if (t === null || typeof t !== 'object') fail(this, f, t, 'must be { kind, name }', 'pass e.g. { kind: "Gateway", name: "public" }');
      if (!(t.kind in TARGET_GROUPS)) fail(this, `${f}.kind`, t.kind, 'targetRef must be to a Service, ServiceEntry, Gateway or GatewayClass', 'use one of these kinds');
      const group = t.group ?? TARGET_GROUPS[t.kind];
      if (group !== TARGET_GROUPS[t.kind]) fail(this, `${f}.group`, t.group, `kind ${t.kind} belongs to group "${TARGET_GROUPS[t.kind]}"`, 'omit group');
      requireString(this, `${f}.name`, t.name, 'name the target');
      if (t.name.length > 253) fail(this, `${f}.name`, t.name, 'name must be at most 253 characters', 'use the target\'s name');
      return { kind: t.kind, name: t.name, group: group === '' ? undefined : group };
    });
    this.provider = props.provider;
    this.targetRefs = renderedRefs;
    requireArray(this, 'rules', props.rules, { fix: 'pass a list of rules' }).forEach((r) => this.addRule(r));
  }

  /** @internal */
  protected _toSpec(): istiosec.AuthorizationPolicySpec {
    return {
      action: this.action as unknown as istiosec.AuthorizationPolicySpecAction,
      provider: this.provider !== undefined ? { name: this.provider } : undefined,
      selector: this.selector ? { matchLabels: { ...this.selector } } : undefined,
      targetRefs: this.targetRefs.length ? this.targetRefs : undefined,
      rules: this._rules.length ? this._rules.map(renderRule) : undefined,
    };
  }

  /** The rules, in order. */
  public get rules(): AuthorizationRule[] {
    return [...this._rules];
  }

  /** Add a rule. `{}` matches every request. */
  public addRule(rule: AuthorizationRule): void {
    const f = `rules[${this._rules.length}]`;
    if (rule === null || typeof rule !== 'object') fail(this, f, rule, 'must be a rule { from?, to?, when? }', 'pass {} to match every request');
    if (this._rules.length >= 512) fail(this, f, rule, 'at most 512 rules are allowed', 'split the policy');
    const from = requireArray(this, `${f}.from`, rule.from, { nonEmpty: true, fix: 'omit from to match any source' });
    const to = requireArray(this, `${f}.to`, rule.to, { nonEmpty: true, fix: 'omit to to match any operation' });
    const when = requireArray(this, `${f}.when`, rule.when, { nonEmpty: true, fix: 'omit when for no conditions' });
    if (from.length > 512) fail(this, `${f}.from`, `${from.length} sources`, 'at most 512 sources per rule', 'split the rule');
    from.forEach((s, i) => this.checkSource(`${f}.from[${i}].source`, s));
    to.forEach((o, i) => this.checkOperation(`${f}.to[${i}].operation`, o));
    when.forEach((c, i) => this.checkCondition(`${f}.when[${i}]`, c));

    if (this.action === AuthorizationAction.DENY) {
      const tcpFrom = from.some((s) => TCP_SOURCE_FIELDS.some((k) => s[k] !== undefined));
      const tcpTo = to.some((o) => o.ports !== undefined || o.notPorts !== undefined);
      if ((from.length > 0 && to.length === 0 && !tcpFrom) || (to.length > 0 && !tcpTo)) {
        Warnings.add(this, `${f} of this DENY policy uses only HTTP attributes: it denies all traffic to TCP ports under its scope — specify the ports (to[].operation.ports)`);
      }
    }
    this._rules.push(rule);
  }

  private checkSource(f: string, s: AuthorizationSource): void {
    if (s === null || typeof s !== 'object' || SOURCE_FIELDS.every((k) => s[k] === undefined || s[k]!.length === 0)) {
      fail(this, f, s, '`from.source` must not be empty', 'set at least one field (principals, namespaces, ipBlocks, ...), or omit from');
    }
    for (const k of SOURCE_FIELDS) checkNoEmptyStrings(this, `${f}.${k}`, s[k], 'remove empty entries');
    if (this.action === AuthorizationAction.CUSTOM) {
      for (const k of CUSTOM_FORBIDDEN_SOURCE) {
        if (s[k] !== undefined) fail(this, `${f}.${k}`, s[k], `${k} is currently not supported with the CUSTOM action`, 'match on ipBlocks, operations or request headers instead');
      }
    }
    for (const k of ['principals', 'notPrincipals'] as const) {
      (s[k] ?? []).forEach((p, i) => {
        const problem = principalProblem(p);
        if (problem) fail(this, `${f}.${k}[${i}]`, p, `principal ${problem}`, `write ${PRINCIPAL_FORM}`);
      });
    }
    for (const k of ['namespaces', 'notNamespaces'] as const) {
      (s[k] ?? []).forEach((ns, i) => {
        const problem = namespacePatternProblem(ns);
        if (problem) fail(this, `${f}.${k}[${i}]`, ns, `namespace ${problem}`, 'use a namespace name such as "shop" (or "shop-*")');
      });
    }
    for (const k of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const) {
      (s[k] ?? []).forEach((ip, i) => {
        if (!isIpOrCidr(ip)) fail(this, `${f}.${k}[${i}]`, ip, 'is not an IP address or CIDR range', 'use e.g. "10.0.0.0/8" or "192.0.2.1"');
      });
    }
    for (const k of ['serviceAccounts', 'notServiceAccounts'] as const) {
      const list = s[k];
      if (list === undefined) continue;
      if (s.principals !== undefined || s.notPrincipals !== undefined || s.namespaces !== undefined || s.notNamespaces !== undefined) {
        fail(this, `${f}.${k}`, list, 'serviceAccounts cannot be combined with principals or namespaces', 'express the identity one way');
      }
      if (list.length > 16) fail(this, `${f}.${k}`, `${list.length} entries`, 'may not have more than 16 values', 'split into several sources');
      list.forEach((sa, i) => {
        const parts = sa.split('/');
        if (sa.includes('*')) fail(this, `${f}.${k}[${i}]`, sa, 'wildcards are not allowed in serviceAccounts', 'list the service accounts, or use principals with "*"');
        if (sa.length > 320 || parts.length > 2 || parts.some((p) => p.length === 0)) {
          fail(this, `${f}.${k}[${i}]`, sa, "expected format 'serviceAccount' or 'namespace/serviceAccount' (at most 320 characters)", 'write e.g. "shop/frontend"');
        }
      });
    }
  }

  private checkOperation(f: string, o: AuthorizationOperation): void {
    if (o === null || typeof o !== 'object' || OPERATION_FIELDS.every((k) => o[k] === undefined || o[k]!.length === 0)) {
      fail(this, f, o, '`to.operation` must not be empty', 'set at least one field (paths, methods, ports, hosts, ...), or omit to');
    }
    for (const k of ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'] as const) checkNoEmptyStrings(this, `${f}.${k}`, o[k], 'remove empty entries');
    for (const k of ['ports', 'notPorts'] as const) {
      requireArray(this, `${f}.${k}`, o[k], { fix: 'list port numbers' }).forEach((p, i) => checkPort(this, `${f}.${k}[${i}]`, p));
    }
    for (const k of ['paths', 'notPaths'] as const) {
      (o[k] ?? []).forEach((p, i) => {
        const problem = pathProblem(p);
        if (problem) fail(this, `${f}.${k}[${i}]`, p, `invalid or unsupported path: ${problem}`, 'use an exact path, a "*" prefix/suffix, or {*}/{**} templates');
      });
    }
  }

  private checkCondition(f: string, c: AuthorizationCondition): void {
    if (c === null || typeof c !== 'object') fail(this, f, c, 'must be { key, values }', 'pass e.g. { key: "request.headers[x-tenant]", values: ["a"] }');
    requireString(this, `${f}.key`, c.key, 'name the attribute');
    const kp = whenKeyProblem(c.key);
    if (kp) fail(this, `${f}.key`, c.key, kp.problem, kp.fix);
    if ((c.values ?? []).length === 0 && (c.notValues ?? []).length === 0) fail(this, f, c, `at least one of values or notValues must be set for key ${c.key}`, 'list the values');
    if (this.action === AuthorizationAction.CUSTOM && (['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal'].includes(c.key) || c.key.startsWith('request.auth.'))) {
      fail(this, `${f}.key`, c.key, `${c.key} is currently not supported with the CUSTOM action`, 'match on request headers or IPs instead');
    }
    for (const k of ['values', 'notValues'] as const) {
      checkNoEmptyStrings(this, `${f}.${k}`, c[k], 'remove empty entries');
      (c[k] ?? []).forEach((v, i) => {
        const vf = `${f}.${k}[${i}]`;
        if (['source.ip', 'remote.ip', 'destination.ip'].includes(c.key) && !isIpOrCidr(v)) fail(this, vf, v, `is not an IP address or CIDR range (key ${c.key})`, 'use e.g. "10.0.0.0/8"');
        if (c.key === 'destination.port' && !(/^[0-9]+$/.test(v) && Number(v) <= 65535)) fail(this, vf, v, 'is not a port number (key destination.port)', 'use e.g. "8080"');
        if (c.key === 'source.serviceAccount' && (v.includes('*') || v.split('/').length > 2 || v.split('/').some((p) => !p))) {
          fail(this, vf, v, "expected format 'serviceAccount' or 'namespace/serviceAccount'", 'write e.g. "shop/frontend"');
        }
      });
    }
  }
}

function renderRule(r: AuthorizationRule): istiosec.AuthorizationPolicySpecRules {
  const strs = (v?: number[]) => v?.map(String);
  return {
    from: r.from?.map((s) => ({ source: { ...s } })),
    to: r.to?.map((o) => ({ operation: { ...o, ports: strs(o.ports), notPorts: strs(o.notPorts) } })),
    when: r.when?.map((c) => ({ key: c.key, values: c.values, notValues: c.notValues })),
  };
}
