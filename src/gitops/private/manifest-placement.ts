// Manifests read from files: the folder an Argo CD Application (or an ApplicationSet's
// template) of the input syncs goes to that Application's destination cluster (not exported
// from the package).
import { registerManifestPlacement } from '../../core/manifests';
import { AppModel, describeObject, ModelObject } from '../../core/model';
import { arr, obj, str } from '../../private/wire';
import { IN_CLUSTER_SERVER } from './argocd';

/** `a/b/` and `./a\\b` → `a/b`. */
function normalize(folder: string): string {
  return folder.split('\\').join('/').replace(/^\.\//, '').replace(/\/+$/, '');
}

const TEMPLATE_EXPRESSION = /\{\{[^}]*\}\}/g;

/** A folder path an Application syncs, as a pattern: ApplicationSet template expressions match one path segment. */
function pathPattern(path: string): RegExp {
  const parts = normalize(path).split(TEMPLATE_EXPRESSION).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:^|/)${parts.join('([^/]+)')}$`);
}

/** The Application specs of the input: Applications, and the templates of ApplicationSets. */
function syncers(model: AppModel): Array<{ by: ModelObject; spec: { [key: string]: any } }> {
  return [
    ...model.ofKind('argoproj.io', 'Application').map((a) => ({ by: a, spec: obj(a.json?.spec) })),
    ...model.ofKind('argoproj.io', 'ApplicationSet').map((s) => ({ by: s, spec: obj(obj(obj(s.json?.spec).template).spec) })),
  ];
}

function placeFolders(model: AppModel): Map<string, { cluster: string; note: string }> {
  const out = new Map<string, { cluster: string; note: string }>();
  const list = syncers(model);
  if (list.length === 0) return out;
  const folders = new Set(model.objects.map((o) => o.source?.folder).filter((f): f is string => f !== undefined));
  for (const folder of folders) {
    const f = normalize(folder);
    for (const { by, spec } of list) {
      const paths = [spec.source, ...arr(spec.sources)].map((s) => str(obj(s).path)).filter((p): p is string => p !== undefined && p !== '');
      const match = paths.map((p) => pathPattern(p).exec(f)).find((m) => m !== null);
      if (!match) continue;
      const dest = obj(spec.destination);
      const name = str(dest.name);
      const server = str(dest.server);
      const templated = `${name ?? ''}${server ?? ''}`.includes('{{');
      // an ApplicationSet's template matching its own folder is not what it generates clusters from
      if (templated && by.source?.folder === folder) continue;
      // the cluster Argo CD runs in is the one every other object of the input is taken to be in
      const inCluster = !templated && (name === 'in-cluster' || (name === undefined && (server === undefined || server === IN_CLUSTER_SERVER)));
      // an ApplicationSet generates one Application per cluster: one cluster per folder it matches
      const cluster = inCluster ? '' : templated ? `${by.name}/${match.slice(1).join('/')}` : (name ?? server!);
      const to = inCluster ? 'the cluster Argo CD runs in' : templated ? `the cluster it generates "${match.slice(1).join('/')}" for` : `cluster "${cluster}"`;
      out.set(folder, { cluster, note: `synced by ${describeObject(by)} to ${to}` });
      break;
    }
  }
  return out;
}

registerManifestPlacement(placeFolders);
