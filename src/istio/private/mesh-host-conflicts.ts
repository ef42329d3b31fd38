// VirtualServices bound to the mesh that claim one host (IST0109, not exported from the
// package): with two of them for a host, which rules the sidecars apply is undefined. Follows
// istio/istio pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go
// (1.30.3): hosts are compared as FQDNs (a short name is `<name>.<namespace>.svc.cluster.local`)
// within each exportTo scope; a VirtualService exported to every namespace also conflicts with
// a scoped one whose host it matches (wildcards included). Over the wire form, per cluster.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { istioHostMatches } from '../../private/hostnames';
import { strings } from '../../private/wire';
import { MESH } from '../routing';
import { NETWORKING } from './gateway-facts';

const ALL_NAMESPACES = '*';

interface MeshHost {
  readonly vs: ModelObject;
  /** Index in `spec.hosts`. */
  readonly i: number;
  readonly host: string;
  readonly fqdn: string;
}

/** `util.ConvertHostToFQDN`: a short name is a Service of the VirtualService's namespace. */
function hostFqdn(namespace: string, host: string): string {
  return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** The namespaces a VirtualService's hosts are visible in (`*` for all), as the analyzer scopes them. */
function exportScopes(vs: ModelObject, exportTo: string[]): string[] {
  if (exportTo.length === 0 || exportTo.includes(ALL_NAMESPACES)) return [ALL_NAMESPACES];
  return [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
}

function checkMeshHostConflicts(model: AppModel, report: Reporter): void {
  const byScopedHost = new Map<string, MeshHost[]>();
  const exportedToAll = new Map<string, MeshHost[]>();
  for (const vs of model.ofKind(NETWORKING, 'VirtualService')) {
    if (vs.external || vs.json === undefined) continue;
    const spec = vs.json.spec ?? {};
    const gateways = strings(spec.gateways);
    // an empty gateways list is the mesh, as no list (pilot/pkg/model/push_context.go getGatewayNames)
    if (gateways.length > 0 && !gateways.includes(MESH)) continue;
    for (const scope of exportScopes(vs, strings(spec.exportTo))) {
      strings(spec.hosts).forEach((host, i) => {
        const entry = { vs, i, host, fqdn: hostFqdn(vs.namespace, host) };
        const key = `${vs.cluster}|${scope}/${entry.fqdn}`;
        const list = byScopedHost.get(key);
        if (list) list.push(entry);
        else byScopedHost.set(key, [entry]);
        if (scope === ALL_NAMESPACES) {
          const all = exportedToAll.get(vs.cluster);
          if (all) all.push(entry);
          else exportedToAll.set(vs.cluster, [entry]);
        }
      });
    }
  }
  const reported = new Set<ModelObject>();
  for (const [key, entries] of byScopedHost) {
    const cluster = key.slice(0, key.indexOf('|'));
    const scope = key.slice(cluster.length + 1, key.indexOf('/', cluster.length + 1));
    const conflicting = [...entries];
    if (scope !== ALL_NAMESPACES) {
      for (const other of exportedToAll.get(cluster) ?? []) if (istioHostMatches(entries[0].fqdn, other.fqdn)) conflicting.push(other);
    }
    const services = [...new Set(conflicting.map((e) => e.vs))];
    if (services.length < 2) continue;
    for (const e of conflicting) {
      if (reported.has(e.vs)) continue;
      reported.add(e.vs);
      const others = services.filter((s) => s !== e.vs).map((s) => `${s.namespace}/${s.name} (${s.path})`).join(', ');
      report.error(e.vs, `spec.hosts[${e.i}]`, e.host,
        `VirtualService ${others} also applies to the mesh for ${entries[0].fqdn}${scope === ALL_NAMESPACES ? '' : ` in namespace "${scope}"`}: with two mesh VirtualServices for one host, which rules the sidecars apply is undefined (IST0109)`,
        'merge the rules into one VirtualService for the host, or bind the gateway-facing one to gateways only (includeMesh: false)');
    }
  }
}

registerChecks({ id: 'istio/mesh-virtual-service-hosts', check: checkMeshHostConflicts });
