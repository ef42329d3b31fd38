import { Construct, IConstruct } from 'constructs';
import { adler32, challengeParentRefs, DOMAIN_LABEL, selectsSolverPods, SOLVER_LABEL } from '../cert-manager/http01';
import { acmeSolversOf, solverIndexOf, solverType } from '../cert-manager/solver-selection';
import { registerChecks } from '../core/contributions';
import { declareToModel } from '../core/declare';
import { MANIFEST_SETTINGS, objectsByFolder } from '../core/manifests';
import { AppModel, describeObject, ModelObject } from '../core/model';
import { Reporter } from '../core/reporter';
import { arr, obj, str, stringMap } from '../private/wire';
import { stronglyConnected } from './private/graph';
import { HostIndex } from '../private/hostnames';
import { SecretNamespacesDeclaration, secretNamespacesUnder } from './secret-namespaces';

const CM = 'cert-manager.io';
const ISTIO_NET = 'networking.istio.io';
const GWAPI = 'gateway.networking.k8s.io';
const TRUST = 'trust.cert-manager.io';
const TRUST_NEW = 'trust-manager.io';
const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
const GWAPI_ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);
const GWAPI_ROUTING_KINDS = new Set([...GWAPI_ROUTE_KINDS, 'Gateway', 'GatewayClass', 'ReferenceGrant', 'ListenerSet', 'BackendTLSPolicy']);
const ISTIO_ROUTING_KINDS = new Set(['Gateway', 'VirtualService', 'ServiceEntry']);

/** Options for `SyncWaves.apply()`. */
export interface SyncWavesOptions {
  /**
   * Namespace where cert-manager reads the Secrets of ClusterIssuers (its
   * `--cluster-resource-namespace`): a CA ClusterIssuer waits for the Certificate writing
   * `spec.ca.secretName` there.
   *
   * A `MeshCa` under the scope states this namespace itself (its `certManagerNamespace`); the
   * synth fails if it differs from one given here.
   *
   * @default - the `certManagerNamespace` of the mesh CAs under the scope, else 'cert-manager'
   */
  readonly clusterResourceNamespace?: string;

  /**
   * trust-manager's trust namespace: a `Bundle` waits for the Certificates writing the
   * Secrets it takes as sources there.
   *
   * A `MeshCa` under the scope states this namespace itself (its `trustNamespace`); the synth
   * fails if it differs from one given here.
   *
   * @default - the `trustNamespace` of the mesh CAs under the scope, else 'cert-manager'
   */
  readonly trustNamespace?: string;
}

/**
 * Argo CD sync waves for every object of an app, derived from what each object waits for, so
 * that a sync can never deadlock.
 *
 * Argo CD applies one wave at a time and moves on only when every object of the wave is
 * healthy; its built-in health check marks a `Certificate` healthy only when it is Ready. A
 * Certificate whose HTTP-01 challenge is routed by an object of a later wave therefore waits
 * forever. `SyncWaves.apply(app)` walks every `ApiObject` under the scope at synth time (L2
 * constructs, patterns and plain cdk8s / cdk8s-plus objects alike), classifies it by
 * apiVersion and kind, reads the dependencies from its rendered manifest and writes
 * `argocd.argoproj.io/sync-wave`:
 *
 * - wave 0 (`FOUNDATION`): namespaces, RBAC, config, policies — everything else;
 * - wave 1 (`ISSUERS`): Issuers and ClusterIssuers;
 * - wave 2 (`ROUTING`): what carries HTTP-01 traffic — Istio Gateways and VirtualServices,
 *   Gateway API Gateways, ListenerSets, routes and ReferenceGrants, ACME solver Services;
 * - wave 3 (`CERTIFICATES`): Certificates;
 * - wave 4 (`CONSUMERS`): trust-manager Bundles, DestinationRules with `credentialName`.
 *
 * An object is then moved to a later wave than everything it waits for (longest path):
 * a CA Issuer after the Certificate writing its `spec.ca.secretName` (a ClusterIssuer: in
 * cert-manager's cluster resource namespace, as the options or a `MeshCa` of the app say), a
 * Certificate after its issuer and after the routing of its HTTP-01 names, workloads mounting
 * a certificate Secret after that Certificate. Objects that wait for each other, where one side only needs the
 * other to exist (a Gateway API Gateway serving a certificate whose HTTP-01 challenge it also
 * routes), share one wave. Objects that would each wait for the other to become healthy
 * fail the synth. A wave set explicitly (annotation written by the user) is kept unless it
 * would make the sync wait forever; then the synth fails.
 *
 * Linear in the number of objects and references.
 *
 * @example
 * const app = new App();
 * const platform = new Chart(app, 'platform');
 * new certManager.ClusterIssuer(platform, 'SelfSigned', { config: certManager.IssuerConfig.selfSigned() });
 * gitops.SyncWaves.apply(app);
 */
export class SyncWaves {
  /** Namespaces, RBAC, configuration and everything that waits for nothing. */
  public static readonly FOUNDATION = 0;
  /** Issuers and ClusterIssuers. */
  public static readonly ISSUERS = 1;
  /** Objects that route HTTP-01 challenge traffic (gateways, routes, solver Services). */
  public static readonly ROUTING = 2;
  /** Certificates. */
  public static readonly CERTIFICATES = 3;
  /** Objects that consume certificate Secrets (Bundles, DestinationRules). */
  public static readonly CONSUMERS = 4;
  /** The annotation Argo CD reads. */
  public static readonly ANNOTATION = WAVE_ANNOTATION;

  /**
   * Write sync waves on every ApiObject under `scope` when it is synthesized.
   *
   * Call it once per Argo CD Application (typically on the `App` of one output folder); a
   * second call on the same scope is a no-op.
   *
   * @param scope the app (or chart) whose objects one Argo CD Application syncs
   * @param options namespaces cert-manager and trust-manager read Secrets from
   */
  public static apply(scope: IConstruct, options: SyncWavesOptions = {}): void {
    if (scope.node.tryFindChild(CONSTRUCT_ID)) return;
    new SyncWavesValidation(scope, options);
  }

  private constructor() {}
}

const CONSTRUCT_ID = 'SyncWaves';

/** Objects we annotated ourselves, so a second pass does not take our own value for a user's pin. */
const written = new WeakMap<object, string>();

/** The pass: plans the waves of the objects under the target and has them annotated. */
class SyncWavesValidation extends Construct {

  public constructor(private readonly target: IConstruct, private readonly options: SyncWavesOptions) {
    super(target, CONSTRUCT_ID);
    declareToModel(this, { pass: { scope: target, run: (model, report, objects) => this.run(model, report, objects) } });
  }

  private run(model: AppModel, report: Reporter, objects: ModelObject[]): void {
    const declared = secretNamespacesUnder(model, this.target);
    const opts: Resolved = {
      clusterResourceNamespaces: secretNamespaces(this, 'clusterResourceNamespace', this.options.clusterResourceNamespace, declared, report),
      trustNamespaces: secretNamespaces(this, 'trustNamespace', this.options.trustNamespace, declared, report),
    };
    plan(model, report, objects, opts);
  }
}

const SECRET_NAMESPACE_READERS = {
  clusterResourceNamespace: {
    what: "cert-manager's cluster resource namespace, where CA ClusterIssuers read their Secret",
    consequence: 'its CA ClusterIssuer either never finds its Secret or is synced before the Certificate writing it, and fails the sync',
    reader: 'cert-manager',
  },
  trustNamespace: {
    what: "trust-manager's trust namespace, where Bundles read their source Secrets",
    consequence: 'its Bundle either never finds its source Secret or is synced before the Certificate writing it, and fails the sync',
    reader: 'trust-manager',
  },
};

/**
 * The namespaces to look for the Secrets of ClusterIssuers (or Bundles) in: the option when
 * given, else every namespace the app's constructs state (a MeshCa's root Certificate writes
 * its ClusterIssuer's Secret into its `certManagerNamespace`), else cert-manager's default.
 * An option that contradicts a construct of the app is a problem: one of them is wrong, and
 * either the issuer never finds its Secret or the sync waits for it in the wrong order.
 */
function secretNamespaces(pass: IConstruct, option: 'clusterResourceNamespace' | 'trustNamespace', given: string | undefined,
  declared: SecretNamespacesDeclaration[], report: Reporter): string[] {
  const stated = declared.filter((d) => d[option] !== undefined);
  if (given === undefined) {
    return stated.length > 0 ? [...new Set(stated.map((d) => d[option]!))] : ['cert-manager'];
  }
  for (const d of stated) {
    if (d[option] === given) continue;
    const field = d.fields[option] ?? option;
    const r = SECRET_NAMESPACE_READERS[option];
    report.error(pass, `options.${option}`, given,
      `${d.scope.node.path} puts ${r.what}, in "${d[option]}" (its ${field}), but the sync waves are planned for "${given}": one of them is wrong, so ${r.consequence}`,
      `set ${field} to the namespace ${r.reader} really uses, and leave ${option} out of the SyncWaves options (SyncWaves.apply(), GitOpsFolderOptions.syncWavesOptions) or give it the same value`);
  }
  return [given];
}

interface Edge {
  readonly to: number;
  /** The source can only become healthy once the target is (a cycle of these can never resolve). */
  health: boolean;
  readonly why: string;
}

interface Resolved {
  readonly clusterResourceNamespaces: string[];
  readonly trustNamespaces: string[];
  /**
   * Manifests read from files: an object without the annotation is in wave 0 (Argo CD's
   * default) rather than planned, and nothing is written.
   */
  readonly asWritten?: boolean;
}

interface SolverEntry {
  readonly solver: any;
  readonly labels: { [key: string]: string };
  readonly services: number[];
}

/** The solvers of one ACME issuer, with the solver Services found for each. */
interface IssuerSolvers {
  readonly issuer: ModelObject;
  readonly entries: Map<any, SolverEntry>;
}

/** Compute the waves of `objects` (positions in this list index every table below) and have them written. */
function plan(model: AppModel, report: Reporter, objects: ModelObject[], opts: Resolved): void {
  const n = objects.length;
  const baseline = new Int32Array(n);
  const deps: Edge[][] = objects.map(() => []);
  const addEdge = (from: number, to: number, health: boolean, why: string) => {
    if (from === to && !health) return;
    // objects have few dependencies: a linear scan dedupes cheaper than a map per object
    const list = deps[from];
    for (const existing of list) {
      if (existing.to === to) {
        if (health && !existing.health) existing.health = true;
        return;
      }
    }
    list.push({ to, health, why });
  };

  // ---- pass 1: classify and index ----
  const byKey = new Map<string, number>();
  const certsBySecret = new Map<string, number[]>();
  const istioHosts = new HostIndex<number>();
  const gatewayHosts = new HostIndex<number>();
  const httpRouteHosts = new HostIndex<number>();
  const grantsByNs = new Map<string, number[]>();
  const solversByIssuer = new Map<number, IssuerSolvers>();
  const solverEntriesByPair = new Map<string, SolverEntry[]>();
  const services: number[] = [];
  /** Services selecting solver pods by `acme.cert-manager.io/http-domain`, by `namespace|hash`. */
  const servicesByDomain = new Map<string, number[]>();
  const routes: number[] = [];

  objects.forEach((r, index) => {
    byKey.set(objectKey(r.group, r.kind, r.namespace, r.name), index);
    const spec = obj(r.json?.spec);
    baseline[index] = classify(r);
    if (r.group === CM && r.kind === 'Certificate') {
      const secret = str(spec.secretName);
      if (secret) push(certsBySecret, `${r.namespace}/${secret}`, index);
    } else if (r.group === CM && (r.kind === 'Issuer' || r.kind === 'ClusterIssuer')) {
      const indexed: IssuerSolvers = { issuer: r, entries: new Map() };
      acmeSolversOf(r).forEach((solver) => {
        const http01 = obj(obj(solver).http01);
        const kind = obj(http01.ingress ?? http01.gatewayHTTPRoute);
        const labels: { [key: string]: string } = { ...obj(obj(obj(kind.podTemplate).metadata).labels) };
        const entry: SolverEntry = { solver, labels, services: [] };
        indexed.entries.set(solver, entry);
        for (const [k, v] of Object.entries(labels)) push(solverEntriesByPair, `${k}=${v}`, entry);
      });
      solversByIssuer.set(index, indexed);
    } else if (r.group === ISTIO_NET && r.kind === 'Gateway') {
      for (const server of arr(spec.servers)) for (const h of arr(obj(server).hosts)) if (typeof h === 'string') istioHosts.add(h, index);
    } else if (r.group === ISTIO_NET && r.kind === 'VirtualService') {
      const gateways = arr(spec.gateways).filter((g) => g !== 'mesh');
      if (gateways.length > 0) for (const h of arr(spec.hosts)) if (typeof h === 'string') istioHosts.add(h, index);
    } else if (r.group === GWAPI && (r.kind === 'Gateway' || r.kind === 'ListenerSet')) {
      for (const l of arr(spec.listeners)) {
        const host = str(obj(l).hostname);
        if (host) gatewayHosts.add(host, index);
        else gatewayHosts.addAll(index);
      }
    } else if (r.group === GWAPI && r.kind === 'ReferenceGrant') {
      push(grantsByNs, r.namespace, index);
    } else if (r.group === GWAPI && GWAPI_ROUTE_KINDS.has(r.kind)) {
      routes.push(index);
    } else if (r.group === '' && r.kind === 'Service') {
      services.push(index);
    }
  });

  const findIssuer = (group: string, kind: string, ns: string, name: string): number | undefined =>
    byKey.get(objectKey(group, kind, ns, name)) ?? byKey.get(objectKey(group, kind, '', name));
  const certsWriting = (ns: string, secret: string | undefined): number[] => (secret ? certsBySecret.get(`${ns}/${secret}`) ?? [] : []);

  // ---- pass 2: solver Services and routes that carry port-80 traffic ----
  for (const i of services) {
    const selector = obj(obj(objects[i].json?.spec).selector);
    const pairs = Object.entries(selector).filter(([, v]) => typeof v === 'string') as [string, string][];
    if (pairs.length === 0) continue;
    let isSolver = pairs.some(([k]) => k === SOLVER_LABEL);
    // a Service selecting solver pods by the name's hash (cert-manager's own label) serves that name's challenges
    const domain = pairs.find(([k]) => k === DOMAIN_LABEL);
    if (domain) {
      push(servicesByDomain, `${objects[i].namespace}|${domain[1]}`, i);
      isSolver = true;
    }
    // the solver entries sharing the rarest of the selector's labels, then a subset check
    let candidates: SolverEntry[] | undefined;
    for (const [k, v] of pairs) {
      const list = solverEntriesByPair.get(`${k}=${v}`);
      if (!list) {
        candidates = [];
        break;
      }
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    for (const entry of candidates ?? []) {
      if (pairs.every(([k, v]) => entry.labels[k] === v)) {
        entry.services.push(i);
        isSolver = true;
      }
    }
    if (isSolver) baseline[i] = SyncWaves.ROUTING;
  }
  for (const i of routes) {
    const r = objects[i];
    const spec = obj(r.json?.spec);
    let carriesHttp = false;
    for (const ref of arr(spec.parentRefs)) {
      const p = obj(ref);
      const gw = byKey.get(objectKey(str(p.group) ?? GWAPI, str(p.kind) ?? 'Gateway', str(p.namespace) ?? r.namespace, str(p.name) ?? ''));
      if (gw === undefined) continue;
      for (const l of arr(obj(objects[gw].json?.spec).listeners)) {
        const listener = obj(l);
        if (listener.protocol !== 'HTTP') continue;
        if (p.sectionName !== undefined && p.sectionName !== listener.name) continue;
        if (p.port !== undefined && p.port !== listener.port) continue;
        carriesHttp = true;
      }
    }
    if (!carriesHttp) continue;
    const hostnames = arr(spec.hostnames).filter((h) => typeof h === 'string');
    if (hostnames.length === 0) httpRouteHosts.addAll(i);
    for (const h of hostnames) httpRouteHosts.add(h, i);
  }

  // ---- pass 3: dependencies ----
  // the ingress solver's challenge enters through Istio's ingress gateway (Istio Gateways and
  // VirtualServices); an issuer the app does not define may use either API
  const routingFor = (from: number, name: string, gatewayApiToo: boolean) => {
    for (const j of istioHosts.lookup(name)) addEdge(from, j, false, `routes the HTTP-01 challenge for ${name}`);
    if (!gatewayApiToo) return;
    for (const j of gatewayHosts.lookup(name)) addEdge(from, j, false, `routes the HTTP-01 challenge for ${name}`);
    for (const j of httpRouteHosts.lookup(name)) addEdge(from, j, false, `routes the HTTP-01 challenge for ${name}`);
  };

  objects.forEach((r, i) => {
    const spec = obj(r.json?.spec);
    if (r.group === CM && r.kind === 'Certificate') {
      const ref = obj(spec.issuerRef);
      const issuerName = str(ref.name);
      const issuer = issuerName ? findIssuer(str(ref.group) || CM, str(ref.kind) || 'Issuer', r.namespace, issuerName) : undefined;
      if (issuer !== undefined) addEdge(i, issuer, true, 'spec.issuerRef');
      const names = new Set<string>([...arr(spec.dnsNames), spec.commonName].filter((x): x is string => typeof x === 'string'));
      const labels = obj(r.json?.metadata?.labels) as { [key: string]: string };
      const certAnnotations = stringMap(r.json?.metadata?.annotations);
      const issuerSpec = issuer !== undefined ? obj(objects[issuer].json?.spec) : undefined;
      for (const name of names) {
        if (name.startsWith('*.')) continue; // wildcards are validated over DNS-01 only
        if (issuerSpec === undefined) {
          // issuer defined elsewhere: it may well use HTTP-01
          routingFor(i, name, true);
          continue;
        }
        const indexed = solversByIssuer.get(issuer!);
        if (issuerSpec.acme === undefined || !indexed) continue;
        const solvers = solverIndexOf(model, indexed.issuer);
        const picked = solvers.pick(name, labels);
        const solver = picked === undefined ? undefined : solvers.solvers[picked];
        if (solverType(solver) !== 'http01') continue;
        // the parents of the challenge route, after the Certificate's override annotations
        const challenge = challengeParentRefs(solver, r.namespace, certAnnotations);
        if (challenge !== undefined) {
          for (const { ref: pr } of challenge.parentRefs) {
            const gw = byKey.get(objectKey(str(pr.group) ?? GWAPI, str(pr.kind) ?? 'Gateway', str(pr.namespace) ?? r.namespace, str(pr.name) ?? ''));
            if (gw !== undefined) addEdge(i, gw, false, `parent of the HTTP-01 solver route for ${name}`);
          }
        } else {
          routingFor(i, name, false);
        }
        for (const s of indexed.entries.get(solver)?.services ?? []) {
          if (objects[s].namespace === r.namespace) addEdge(i, s, false, `serves the HTTP-01 solver for ${name}`);
        }
        for (const s of servicesByDomain.get(`${r.namespace}|${adler32(name)}`) ?? []) {
          if (selectsSolverPods(stringMap(obj(objects[s].json?.spec).selector), solver, name)) addEdge(i, s, false, `serves the HTTP-01 solver for ${name}`);
        }
      }
    } else if (r.group === CM && (r.kind === 'Issuer' || r.kind === 'ClusterIssuer')) {
      const secret = str(obj(spec.ca).secretName);
      for (const ns of r.kind === 'Issuer' ? [r.namespace] : opts.clusterResourceNamespaces) {
        for (const c of certsWriting(ns, secret)) addEdge(i, c, true, 'writes the Secret named by spec.ca.secretName');
      }
    } else if (r.group === GWAPI && (r.kind === 'Gateway' || r.kind === 'ListenerSet')) {
      for (const l of arr(spec.listeners)) {
        for (const ref of arr(obj(obj(l).tls).certificateRefs)) {
          const cr = obj(ref);
          if ((str(cr.kind) ?? 'Secret') !== 'Secret' || (str(cr.group) ?? '') !== '') continue;
          const ns = str(cr.namespace) ?? r.namespace;
          for (const c of certsWriting(ns, str(cr.name))) addEdge(i, c, true, 'writes the Secret named in spec.listeners[].tls.certificateRefs');
          if (ns !== r.namespace) for (const g of grantsByNs.get(ns) ?? []) addEdge(i, g, true, `lets it read Secrets in namespace ${ns}`);
        }
      }
      const annotations = obj(r.json?.metadata?.annotations);
      const shimIssuer = str(annotations['cert-manager.io/issuer']);
      const shimClusterIssuer = str(annotations['cert-manager.io/cluster-issuer']);
      const shim = shimIssuer !== undefined ? findIssuer(CM, 'Issuer', r.namespace, shimIssuer)
        : shimClusterIssuer !== undefined ? findIssuer(CM, 'ClusterIssuer', '', shimClusterIssuer) : undefined;
      if (shim !== undefined) addEdge(i, shim, true, 'issues the certificates cert-manager creates for its listeners');
      const className = str(spec.gatewayClassName);
      const cls = className ? byKey.get(objectKey(GWAPI, 'GatewayClass', '', className)) : undefined;
      if (cls !== undefined) addEdge(i, cls, true, 'spec.gatewayClassName');
      if (r.kind === 'ListenerSet') parentEdges(i, r, spec, byKey, addEdge);
    } else if (r.group === GWAPI && GWAPI_ROUTE_KINDS.has(r.kind)) {
      parentEdges(i, r, spec, byKey, addEdge);
    } else if ((r.group === TRUST || r.group === TRUST_NEW) && (r.kind === 'Bundle' || r.kind === 'ClusterBundle')) {
      for (const s of arr(spec.sources)) {
        const secret = str(obj(obj(s).secret).name);
        for (const ns of opts.trustNamespaces) for (const c of certsWriting(ns, secret)) addEdge(i, c, true, 'writes a Secret in spec.sources');
      }
    } else if (r.group === ISTIO_NET && r.kind === 'DestinationRule') {
      for (const name of destinationRuleCredentials(spec)) {
        for (const c of certsWriting(r.namespace, name)) addEdge(i, c, false, 'writes the Secret named by credentialName');
      }
    } else if (WORKLOAD_KINDS.has(r.kind) && (r.group === '' || r.group === 'apps' || r.group === 'batch')) {
      for (const name of podSecretNames(r.kind, spec)) {
        for (const c of certsWriting(r.namespace, name)) addEdge(i, c, true, 'mounts the certificate Secret');
      }
    }
  });

  assign(model, report, objects, baseline, deps, opts.asWritten === true);
}

function objectKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}|${kind}|${namespace}|${name}`;
}

/** Edges to a route's parents (`spec.parentRefs`), or to a ListenerSet's Gateway (`spec.parentRef`). */
function parentEdges(index: number, r: ModelObject, spec: { [key: string]: any }, byKey: Map<string, number>, addEdge: (from: number, to: number, health: boolean, why: string) => void): void {
  const [refs, field] = r.kind === 'ListenerSet' ? [spec.parentRef === undefined ? [] : [spec.parentRef], 'spec.parentRef'] : [arr(spec.parentRefs), 'spec.parentRefs'];
  for (const ref of refs) {
    const p = obj(ref);
    const parent = byKey.get(objectKey(str(p.group) ?? GWAPI, str(p.kind) ?? 'Gateway', str(p.namespace) ?? r.namespace, str(p.name) ?? ''));
    if (parent !== undefined) addEdge(index, parent, true, field);
  }
}

/** Baseline wave by apiVersion/kind. */
function classify(r: ModelObject): number {
  if (r.group === CM && (r.kind === 'Issuer' || r.kind === 'ClusterIssuer')) return SyncWaves.ISSUERS;
  if (r.group === CM && r.kind === 'Certificate') return SyncWaves.CERTIFICATES;
  if (r.group === ISTIO_NET && ISTIO_ROUTING_KINDS.has(r.kind)) return SyncWaves.ROUTING;
  if (r.group === GWAPI && GWAPI_ROUTING_KINDS.has(r.kind)) return SyncWaves.ROUTING;
  if ((r.group === TRUST || r.group === TRUST_NEW) && (r.kind === 'Bundle' || r.kind === 'ClusterBundle')) return SyncWaves.CONSUMERS;
  if (r.group === ISTIO_NET && r.kind === 'DestinationRule' && destinationRuleCredentials(obj(r.json?.spec)).length > 0) return SyncWaves.CONSUMERS;
  return SyncWaves.FOUNDATION;
}

function destinationRuleCredentials(spec: { [key: string]: any }): string[] {
  const out: string[] = [];
  const fromPolicy = (policy: any) => {
    const p = obj(policy);
    const c = str(obj(p.tls).credentialName);
    if (c) out.push(c);
    for (const pl of arr(p.portLevelSettings)) {
      const pc = str(obj(obj(pl).tls).credentialName);
      if (pc) out.push(pc);
    }
  };
  fromPolicy(spec.trafficPolicy);
  for (const subset of arr(spec.subsets)) fromPolicy(obj(subset).trafficPolicy);
  return out;
}

/** Secret names a workload's pod template (or pod) reads. */
function podSecretNames(kind: string, spec: { [key: string]: any }): string[] {
  const pod = kind === 'Pod' ? spec
    : kind === 'CronJob' ? obj(obj(obj(obj(spec.jobTemplate).spec).template).spec)
      : obj(obj(spec.template).spec);
  const out: string[] = [];
  for (const v of arr(pod.volumes)) {
    const vol = obj(v);
    const s = str(obj(vol.secret).secretName);
    if (s) out.push(s);
    for (const src of arr(obj(vol.projected).sources)) {
      const p = str(obj(obj(src).secret).name);
      if (p) out.push(p);
    }
  }
  for (const c of [...arr(pod.containers), ...arr(pod.initContainers)]) {
    for (const e of arr(obj(c).env)) {
      const s = str(obj(obj(obj(e).valueFrom).secretKeyRef).name);
      if (s) out.push(s);
    }
    for (const e of arr(obj(c).envFrom)) {
      const s = str(obj(obj(e).secretRef).name);
      if (s) out.push(s);
    }
  }
  return out;
}

/** Longest-path waves over the component graph, pins respected and checked, annotations written. */
function assign(model: AppModel, report: Reporter, objects: ModelObject[], baseline: Int32Array, deps: Edge[][], asWritten: boolean): void {
  const n = objects.length;
  const pinned = new Map<number, number>();
  objects.forEach((r, index) => {
    const raw = r.json?.metadata?.annotations?.[WAVE_ANNOTATION];
    if (raw === undefined && asWritten) pinned.set(index, 0);
    if (raw === undefined || (r.apiObject && written.get(r.apiObject) === raw)) return;
    if (typeof raw !== 'string' || !/^-?[0-9]+$/.test(raw)) {
      report.error(r, `metadata.annotations["${WAVE_ANNOTATION}"]`, raw,
        `${describeObject(r)} has a sync wave that is not an integer`, 'write the wave as a decimal integer string, e.g. "3"');
      return;
    }
    pinned.set(index, Number(raw));
  });

  // cycles of "healthy only after the other is healthy" can never resolve
  const healthAdj = deps.map((es) => es.filter((e) => e.health).map((e) => e.to));
  const hc = stronglyConnected(n, healthAdj);
  for (const members of hc.components) {
    const selfLoop = members.length === 1 && healthAdj[members[0]].includes(members[0]);
    if (members.length < 2 && !selfLoop) continue;
    const inCycle = new Set(members);
    const steps = members.flatMap((m) => deps[m].filter((e) => e.health && inCycle.has(e.to))
      .map((e) => `${describeObject(objects[m])} needs ${describeObject(objects[e.to])} (${e.why})`));
    report.error(objects[members[0]], 'dependencies', steps.join('; '),
      `${members.map((m) => objects[m].path).join(', ')}: these objects each wait for the other to become healthy, so no sync order can ever complete`,
      'break the cycle, e.g. issue the CA certificate from a different issuer than the one reading its Secret');
  }

  const adj = deps.map((es) => es.map((e) => e.to));
  const { comp, components } = stronglyConnected(n, adj);
  const wave = new Int32Array(n);
  for (let c = 0; c < components.length; c++) {
    let w = -Infinity;
    for (const m of components[c]) {
      w = Math.max(w, pinned.get(m) ?? baseline[m]);
      for (const e of deps[m]) if (comp[e.to] !== c) w = Math.max(w, wave[e.to] + 1);
    }
    for (const m of components[c]) wave[m] = pinned.get(m) ?? w;
  }

  for (let i = 0; i < n; i++) {
    for (const e of deps[i]) {
      if (wave[i] >= wave[e.to]) continue;
      const pinnedOne = pinned.has(i) ? i : e.to;
      report.error(objects[pinnedOne], `metadata.annotations["${WAVE_ANNOTATION}"]`, String(wave[pinnedOne]),
        `${describeObject(objects[i])} is in sync wave ${wave[i]} but waits for ${describeObject(objects[e.to])} (${e.why}) in the later wave ${wave[e.to]}: Argo CD would never get there`,
        pinned.has(i) ? `remove the annotation or use a wave of at least ${wave[e.to]}` : `remove the annotation or use a wave of at most ${wave[i]}`);
    }
  }

  if (asWritten) return;
  objects.forEach((r, index) => {
    if (pinned.has(index)) return;
    const value = String(wave[index]);
    model.annotate(r, WAVE_ANNOTATION, value);
    if (r.apiObject) written.set(r.apiObject, value);
  });
}

/**
 * Manifests read from files: where a folder (what one Argo CD Application syncs) uses sync
 * waves, the waves as written must let every object become healthy after what it waits for.
 */
function checkWrittenWaves(model: AppModel, report: Reporter): void {
  const opts: Resolved = {
    clusterResourceNamespaces: [model.settings[MANIFEST_SETTINGS.clusterResourceNamespace] ?? 'cert-manager'],
    trustNamespaces: [model.settings[MANIFEST_SETTINGS.trustNamespace] ?? 'cert-manager'],
    asWritten: true,
  };
  for (const objects of objectsByFolder(model)) {
    if (objects.some((o) => obj(obj(o.json?.metadata).annotations)[WAVE_ANNOTATION] !== undefined)) plan(model, report, objects, opts);
  }
}

registerChecks({ id: 'gitops/sync-waves', phase: 'manifests', check: checkWrittenWaves });

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
