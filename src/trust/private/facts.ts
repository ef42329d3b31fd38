// What a Bundle L2 knows beyond the wire form, and the typed accessors the family's checks
// read it through (not exported from the package).
import { MANIFEST_SETTINGS, registerManifestFacts } from '../../core/manifests';
import { Facts, ModelObject } from '../../core/model';

/** trust-manager's default trust namespace (Helm value `app.trust.namespace`). */
export const DEFAULT_TRUST_NAMESPACE = 'cert-manager';

const TRUST_NAMESPACE = 'trust.trustNamespace';
const CERTIFICATE_SOURCES = 'trust.certificateSources';

/** The facts of a Bundle: its trust namespace, and the namespace of the Certificate behind each `fromCertificate()` source (by position). */
export function bundleFacts(trustNamespace: string, certificateSources: { [index: number]: string }): Facts {
  return { [TRUST_NAMESPACE]: trustNamespace, [CERTIFICATE_SOURCES]: certificateSources };
}

/**
 * The namespace trust-manager reads a Bundle's Secret and ConfigMap sources from (it is not in
 * the manifest). Default (no fact): `cert-manager`, trust-manager's default.
 */
export function trustNamespaceOf(bundle: ModelObject): string {
  const v = bundle.facts[TRUST_NAMESPACE];
  return typeof v === 'string' ? v : DEFAULT_TRUST_NAMESPACE;
}

/**
 * Which sources of a Bundle were given as a Certificate (`BundleSource.fromCertificate()`),
 * with the Certificate's namespace, by position. Default (no fact: a manifest the library did
 * not render): undefined, the sources' origin is unknown.
 */
export function certificateSourcesOf(bundle: ModelObject): { readonly [index: number]: string } | undefined {
  const v = bundle.facts[CERTIFICATE_SOURCES];
  return v !== null && typeof v === 'object' ? v as { [index: number]: string } : undefined;
}

// A Bundle read from a file does not say where trust-manager runs: the setting, else its default.
registerManifestFacts({
  group: 'trust.cert-manager.io',
  kind: 'Bundle',
  facts(_bundle, model) {
    const given = model.settings[MANIFEST_SETTINGS.trustNamespace];
    return given === undefined ? undefined : { facts: { [TRUST_NAMESPACE]: given } };
  },
});
