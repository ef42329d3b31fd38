// Manifests read from files: each custom resource of a kind the package ships the CRD of must
// use a version the CRD serves and match its schema, as the API server checks on apply (CEL
// rules aside). The library's own objects are valid by construction: this runs for manifests only.
import type * as CrdSchemas from '../../imports/crd-schemas';
import { validateStructural } from '../private/structural-schema';
import { registerChecks } from './contributions';
import { AppModel } from './model';
import { Reporter } from './reporter';

/** Shown per object at most: one wrong subtree can produce many. */
const MAX_PER_OBJECT = 10;

let crdSchemas: typeof CrdSchemas | undefined;

/** API groups the upstream projects retired: no cluster of the pinned versions serves them. */
const RETIRED_GROUPS: { [group: string]: { now: string; since: string } } = {
  'certmanager.k8s.io': { now: 'cert-manager.io/v1 (the fields changed with it: e.g. Certificate spec.acme is now the issuer\'s solvers)', since: 'cert-manager v0.11' },
  'networking.x-k8s.io': { now: 'gateway.networking.k8s.io/v1', since: 'Gateway API v0.5' },
  'authentication.istio.io': { now: 'security.istio.io/v1 PeerAuthentication / RequestAuthentication', since: 'Istio 1.6' },
  'rbac.istio.io': { now: 'security.istio.io/v1 AuthorizationPolicy', since: 'Istio 1.6' },
};

function checkSchemas(model: AppModel, report: Reporter): void {
  // loaded on first use: the schemas are a quarter megabyte that synth never needs
  const { crdSchema, servedVersions } = (crdSchemas ??= require('../../imports/crd-schemas') as typeof CrdSchemas);
  for (const o of model.rendered) {
    const retired = RETIRED_GROUPS[o.group];
    if (retired) {
      report.error(o, 'apiVersion', o.apiVersion, `the API group ${o.group} was retired in ${retired.since}: no cluster of today's versions serves it ("no matches for kind ${o.kind}")`,
        `rewrite the object for ${retired.now}`);
      continue;
    }
    const version = o.apiVersion.slice(o.apiVersion.lastIndexOf('/') + 1);
    const served = o.group === '' ? undefined : servedVersions(o.group, o.kind);
    if (served === undefined) continue;
    const schema = crdSchema(o.group, version, o.kind);
    if (schema === undefined) {
      report.error(o, 'apiVersion', o.apiVersion, `${o.kind} is served as ${served.map((v) => `${o.group}/${v}`).join(', ')} by the pinned CRD, not ${o.apiVersion}: the API server has no such kind ("no matches for kind")`,
        `use apiVersion ${o.group}/${served[0]} and update the fields that changed with it`);
      continue;
    }
    // metadata is the API server's ObjectMeta (not in CRD schemas; some of Istio's omit
    // apiVersion and kind at the root too, which the API server always accepts)
    const root = { ...schema, properties: { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
    const violations = validateStructural(o.json, root);
    for (const v of violations.slice(0, MAX_PER_OBJECT)) {
      report.error(o, v.field, v.value, `${v.problem} in the ${o.apiVersion} ${o.kind} schema: the API server rejects the object`,
        v.problem === 'is not a field of this object' ? `remove ${v.field} (or move it where ${o.apiVersion} defines it)` : `set ${v.field} as the ${o.apiVersion} ${o.kind} schema defines it`);
    }
    if (violations.length > MAX_PER_OBJECT) {
      report.error(o, 'spec', violations.length, `${violations.length - MAX_PER_OBJECT} more schema violations not shown`, 'fix the ones listed and check again');
    }
  }
}

registerChecks({ id: 'core/schema', phase: 'manifests', check: checkSchemas });
