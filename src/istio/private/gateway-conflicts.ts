// Istio Gateways of one workload over the wire form (not exported from the package): Istio
// merges the servers of every Gateway selecting the same pods, so two of them must not claim
// the same host on a port (IST0145), and two whose selectors overlap should not serve the same
// certificate Secret (IST0138), nor two servers of one Gateway on one port (each server has its
// own route table). Linear: gateways are indexed by workload, selector, port and
// host; overlapping wildcards are found by exact look-ups of a host's wildcard ancestors.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { obj, str } from '../../private/wire';
import { selectorKey, selectorsOverlap } from '../workload-selectors';
import { gatewaySelectorOf, workloadNamespaceOf } from './gateway-facts';
import { renderedGateways, serversOf } from './gateway-checks';
import { gatewayHostName } from './hosts';

const NONE: readonly ModelObject[] = Object.freeze([]);

/** Gateways by key, in tree order, each once. */
class GatewayIndex {
  private readonly byKey = new Map<string, ModelObject[]>();

  public add(key: string, gw: ModelObject): void {
    const list = this.byKey.get(key);
    if (!list) this.byKey.set(key, [gw]);
    else if (list[list.length - 1] !== gw) list.push(gw);
  }

  public get(key: string): readonly ModelObject[] {
    return this.byKey.get(key) ?? NONE;
  }

  /** The gateways indexed under `key` before `gw`. */
  public before(key: string, gw: ModelObject): readonly ModelObject[] {
    const list = this.get(key);
    if (list.length === 0 || list[0] === gw) return NONE;
    const mine = list.indexOf(gw);
    return mine < 0 ? list : list.slice(0, mine);
  }
}

interface Workload {
  readonly gw: ModelObject;
  readonly namespace: string;
  readonly selector: { [key: string]: string };
  readonly selectorKey: string;
  /** Short id of cluster, workload namespace and selector, for index keys. */
  readonly id: number;
}

/** The workloads of the rendered Gateways, shared by the checks of one model. */
function workloadsOf(model: AppModel): Workload[] {
  return model.derived('istio/gateway-workloads', (m) => {
    const ids = new Map<string, number>();
    return renderedGateways(m).map((gw) => {
      const selector = gatewaySelectorOf(gw);
      const namespace = workloadNamespaceOf(gw);
      const key = selectorKey(selector);
      const full = `${gw.cluster}|${namespace}|${key}`;
      let id = ids.get(full);
      if (id === undefined) ids.set(full, (id = ids.size));
      return { gw, namespace, selector, selectorKey: key, id };
    });
  });
}

interface ServerHosts {
  readonly w: Workload;
  readonly i: number;
  readonly port: unknown;
  /** `workload id|port|`. */
  readonly prefix: string;
  readonly hosts: Array<{ raw: string; host: string; j: number }>;
}

function serverHosts(workloads: Workload[]): ServerHosts[] {
  const out: ServerHosts[] = [];
  for (const w of workloads) {
    serversOf(w.gw).forEach((server, i) => {
      const port = obj(obj(server).port).number;
      const hosts: Array<{ raw: string; host: string; j: number }> = [];
      const raw = obj(server).hosts;
      if (Array.isArray(raw)) raw.forEach((h, j) => { if (typeof h === 'string') hosts.push({ raw: h, host: gatewayHostName(h), j }); });
      out.push({ w, i, port, prefix: `${w.id}|${port}|`, hosts });
    });
  }
  return out;
}

/**
 * `fn` for every wildcard matching `host` under Istio's suffix semantics, most specific first
 * (`istioWildcardAncestors` of src/private/hostnames.ts, without building the list).
 */
function forEachWildcardAncestor(host: string, fn: (wildcard: string) => void): void {
  if (host === '*') return;
  let dot = host.indexOf('.', host.startsWith('*.') ? 2 : 0);
  while (dot >= 0) {
    fn(`*${host.slice(dot)}`);
    dot = host.indexOf('.', dot + 1);
  }
  fn('*');
}

/** IST0145: a host of this gateway overlaps a host of another gateway of the same pods on the same port. */
function checkHostOverlaps(model: AppModel, report: Reporter): void {
  const servers = serverHosts(workloadsOf(model));
  const index = new GatewayIndex();
  for (const s of servers) for (const h of s.hosts) index.add(s.prefix + h.host, s.w.gw);
  for (const s of servers) {
    const gw = s.w.gw;
    for (const h of s.hosts) {
      // the same host: reported on the later gateway; a wildcard covering it: on the gateway with the narrower host
      let clashes: Set<ModelObject> | undefined;
      for (const other of index.before(s.prefix + h.host, gw)) (clashes ??= new Set()).add(other);
      forEachWildcardAncestor(h.host, (wildcard) => {
        for (const other of index.get(s.prefix + wildcard)) if (other !== gw) (clashes ??= new Set()).add(other);
      });
      if (!clashes) continue;
      for (const other of clashes) {
        report.error(gw, `spec.servers[${s.i}].hosts[${h.j}]`, h.raw,
          `host overlaps a host of gateway ${other.namespace}/${other.name} (${other.path}) on port ${s.port} with the same selector ${s.w.selectorKey} in namespace "${s.w.namespace}": Envoy builds one listener per port and one of the servers is ignored (IST0145)`,
          'merge the servers into one istio.Gateway (addServer on a single gateway) or use distinct hosts');
      }
    }
  }
}

/** Istio parses server protocols case-insensitively; modes that do not terminate TLS have no route table. */
const PASSTHROUGH_MODES = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'];

/** An HTTPS server terminating TLS: Istio gives it a route table of its own (`https.<port>.<portName>.<gateway>.<namespace>`). */
function hasOwnRouteTable(server: any): boolean {
  const protocol = str(obj(obj(server).port).protocol)?.toUpperCase();
  const mode = str(obj(obj(server).tls).mode)?.toUpperCase();
  return protocol === 'HTTPS' && (mode === undefined || !PASSTHROUGH_MODES.includes(mode));
}

/**
 * Hosts sharing a certificate belong in one server. Browsers reuse an HTTP/2 connection for
 * every host its certificate covers (RFC 9113 section 9.1.1), but Istio gives every terminating
 * HTTPS server its own route table behind its own SNI filter chain (istio/istio
 * pilot/pkg/model/gateway.go, `gatewayRDSRouteName`: "each filter chain in the multi-filter-chain
 * listener will have a distinct RDS route name"), so a request for a host of another server on
 * a reused connection gets 404 (envoyproxy/envoy#6767).
 * - Two servers of one gateway with the same credentialName on one port (and bind): a warning
 *   on the later one (istioctl's IST0138 only compares different gateways).
 * - IST0138: the same credentialName on two gateways whose selectors overlap (any port, as
 *   pkg/config/analysis/analyzers/gateway/certificate.go): a warning on the later gateway's
 *   server, naming the first earlier gateway.
 */
function checkSharedCredentials(model: AppModel, report: Reporter): void {
  const workloads = workloadsOf(model);
  const byGateway = new Map<ModelObject, Workload>(workloads.map((w) => [w.gw, w]));
  const index = new GatewayIndex();
  const key = (w: Workload, credentialName: string) => `${w.gw.cluster}|${w.namespace}|${credentialName}`;
  for (const w of workloads) {
    for (const server of serversOf(w.gw)) {
      const credentialName = str(obj(obj(server).tls).credentialName);
      if (credentialName !== undefined) index.add(key(w, credentialName), w.gw);
    }
  }
  for (const w of workloads) {
    const servers = serversOf(w.gw);
    /** The first server of this gateway by `port|bind|credentialName`, for servers with their own route table. */
    const firstServer = new Map<string, number>();
    servers.forEach((server, i) => {
      const credentialName = str(obj(obj(server).tls).credentialName);
      if (credentialName === undefined) return;
      const field = `spec.servers[${i}].tls.credentialName`;
      const port = obj(obj(server).port).number;
      if (hasOwnRouteTable(server)) {
        const at = `${port}|${str(obj(server).bind) ?? ''}|${credentialName}`;
        const j = firstServer.get(at);
        if (j === undefined) {
          firstServer.set(at, i);
        } else {
          const first = obj(servers[j]);
          const portName = str(obj(first.port).name);
          report.warn(w.gw, field, credentialName,
            `servers[${j}] of this gateway (port name ${JSON.stringify(portName)}, hosts ${JSON.stringify(first.hosts)}) serves the same certificate on port ${port}: Istio gives every HTTPS server its own route table behind its own SNI filter chain, so a browser reusing an HTTP/2 connection opened for a host of one server gets 404 for the hosts of the other`,
            `put the hosts in one server (gateway.addServerHosts(${JSON.stringify(portName)}, hosts) instead of another server), or give each server its own certificate`);
          return;
        }
      }
      const other = index.before(key(w, credentialName), w.gw).find((o) => selectorsOverlap(w.selector, byGateway.get(o)!.selector));
      if (!other) return;
      report.warn(w.gw, field, credentialName,
        `the same credentialName is also used by gateway ${other.namespace}/${other.name} (${other.path}), whose selector overlaps: browsers reuse HTTP/2 connections across hosts sharing a certificate and get 404 from the gateway that does not serve the host (IST0138)`,
        'serve these hosts from one server of one istio.Gateway (a server lists several hosts; Istio gives each server its own route table), or give each gateway its own certificate');
    });
  }
}

registerChecks(
  { id: 'istio/gateway-host-overlap', check: checkHostOverlaps },
  { id: 'istio/gateway-shared-credentials', check: checkSharedCredentials },
);
