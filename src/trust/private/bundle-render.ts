// The wire form of a Bundle's spec (not exported from the package).
import * as trust from '../../../imports/trust-manager-trust.cert-manager.io';
import { BundleSource, BundleSourceType } from '../bundle-source';
import { BundleTarget } from '../bundle-target';

function renderSource(s: BundleSource): trust.BundleSpecSources {
  switch (s.type) {
    case BundleSourceType.DEFAULT_CAS: return { useDefaultCAs: true };
    case BundleSourceType.SECRET: return { secret: { name: s.name, key: s.key } };
    case BundleSourceType.CONFIG_MAP: return { configMap: { name: s.name, key: s.key } };
    default: return { inLine: s.pem };
  }
}

/** The spec of a Bundle from its sources and (checked) target. */
export function renderBundleSpec(sources: readonly BundleSource[], t: BundleTarget): trust.BundleSpec {
  const jks = t.additionalFormats?.jks;
  const p12 = t.additionalFormats?.pkcs12;
  return {
    sources: sources.map(renderSource),
    target: {
      ...(t.configMapKey !== undefined ? { configMap: { key: t.configMapKey } } : {}),
      ...(t.secretKey !== undefined ? { secret: { key: t.secretKey } } : {}),
      ...(t.namespaceSelector ? { namespaceSelector: { matchLabels: { ...t.namespaceSelector } } } : {}),
      ...(jks || p12 ? {
        additionalFormats: {
          ...(jks ? { jks: { key: jks.key, ...(jks.password !== undefined ? { password: jks.password } : {}) } } : {}),
          ...(p12 ? {
            pkcs12: {
              key: p12.key,
              ...(p12.password !== undefined ? { password: p12.password } : {}),
              ...(p12.profile !== undefined ? { profile: p12.profile } : {}),
            } as trust.BundleSpecTargetAdditionalFormatsPkcs12,
          } : {}),
        },
      } : {}),
    },
  };
}
