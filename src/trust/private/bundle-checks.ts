// trust-manager Bundles over the wire form (not exported from the package): each has a
// source; a Secret source that a Certificate of the app writes is read from the trust
// namespace; no two Bundles of a cluster share a name (both would write the same target).
import { certificatesWriting, certificatesWritingSecretNamed } from '../../cert-manager/secret-writers';
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str } from '../../private/wire';
import { certificateSourcesOf, DEFAULT_TRUST_NAMESPACE, trustNamespaceOf } from './facts';

const TRUST_GROUP = 'trust.cert-manager.io';

/**
 * A source given as a Certificate (`fromCertificate()`) is read from the trust namespace, so
 * the Certificate must be there (an error). For a Bundle the library did not render, the
 * wire form only names the Secret: one a Certificate of the app writes in another namespace
 * only, and none in the trust namespace, is warned about (a Secret of that name may exist in
 * the trust namespace outside the app).
 */
function checkSecretSource(model: AppModel, report: Reporter, bundle: ModelObject, index: number, secret: string): void {
  const trustNamespace = trustNamespaceOf(bundle);
  const field = `spec.sources[${index}]`;
  const certificateSources = certificateSourcesOf(bundle);
  if (certificateSources !== undefined) {
    const namespace = certificateSources[index];
    if (namespace === undefined || namespace === trustNamespace) return;
    report.error(bundle, field, `${namespace}/${secret}`,
      `trust-manager reads source Secrets only from its trust namespace "${trustNamespace}", and this Certificate is in "${namespace}"`,
      'create the Certificate in the trust namespace, or set trustNamespace to where trust-manager reads from');
    return;
  }
  if (certificatesWriting(model, bundle.cluster, trustNamespace, secret).length > 0) return;
  const elsewhere = certificatesWritingSecretNamed(model, bundle.cluster, secret)[0];
  if (!elsewhere) return;
  report.warn(bundle, field, `${elsewhere.namespace}/${secret}`,
    `trust-manager reads source Secrets only from its trust namespace "${trustNamespace}" (${DEFAULT_TRUST_NAMESPACE} unless installed otherwise); the app writes Secret "${secret}" only in "${elsewhere.namespace}" (Certificate ${elsewhere.path}), so this source depends on a Secret of that name outside the app`,
    'create the Certificate in the trust namespace');
}

function checkBundles(model: AppModel, report: Reporter): void {
  const byName = new Map<string, ModelObject>();
  for (const b of model.ofKind(TRUST_GROUP, 'Bundle')) {
    if (b.external || b.json === undefined) continue;
    const sources = arr(obj(b.json.spec).sources);
    if (sources.length === 0) report.error(b, 'spec.sources', [], 'a Bundle needs at least one source', 'pass sources or call addSource()');
    sources.forEach((s, i) => {
      const secret = str(obj(obj(s).secret).name);
      if (secret !== undefined) checkSecretSource(model, report, b, i, secret);
    });
    const key = `${b.cluster}|${b.name}`;
    const first = byName.get(key);
    if (!first) byName.set(key, b);
    else report.error(b, 'metadata.name', b.name, `another Bundle (${first.path}) has this name; both would write the same target`, 'give each Bundle its own name');
  }
}

registerChecks({ id: 'trust/bundles', check: checkBundles });
