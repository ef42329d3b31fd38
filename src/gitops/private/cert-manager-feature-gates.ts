// Certificates using fields behind cert-manager feature gates that the cert-manager the app
// installs has off (not exported from the package). Read over the wire form: the cert-manager
// Helm Application's chart version and feature-gate values, the Certificates' specs.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { obj, str } from '../../private/wire';

interface Gate {
  readonly gate: string;
  /** The spec field it guards. */
  readonly field: string;
  /** The minor version of cert-manager 1.x from which it is on by default. */
  readonly onSince: number;
}

/**
 * Webhook and controller defaults per release (`internal/webhook/feature/features.go`,
 * `internal/controller/feature/features.go`, tags v1.14.0 to v1.21.1): both must have the gate
 * on, or the webhook refuses the field ("Feature gate ... must be enabled") or the controller
 * ignores it.
 */
const GATES: Gate[] = [
  { gate: 'AdditionalCertificateOutputFormats', field: 'additionalOutputFormats', onSince: 15 },
  { gate: 'LiteralCertificateSubject', field: 'literalSubject', onSince: 15 },
  { gate: 'NameConstraints', field: 'nameConstraints', onSince: 17 },
  { gate: 'OtherNames', field: 'otherNames', onSince: 20 },
];

/** `keystores.pkcs12.profile: Modern2026` is in the CRD's enum from v1.21.0 on. */
const MODERN_2026_SINCE = 21;

interface Installed {
  readonly app: ModelObject;
  readonly version: string;
  readonly minor: number;
  /** Gates set explicitly: on only when both the controller and the webhook have them on. */
  readonly overrides: Map<string, boolean>;
}

/** The cert-manager installations among `apps` whose chart version is a plain `v1.N.P`. */
export function certManagerInstallations(apps: ModelObject[]): Installed[] {
  const found: Installed[] = [];
  for (const app of apps) {
    const source = obj(obj(app.json?.spec).source);
    if (str(source.chart) !== 'cert-manager') continue;
    const version = str(source.targetRevision) ?? '';
    const m = /^v?1\.(\d+)\.\d+$/.exec(version);
    if (!m) continue;
    const values = obj(obj(source.helm).valuesObject);
    const webhook = obj(values.webhook);
    const controller = { ...gateList(values.featureGates), ...obj(obj(values.config).featureGates) };
    const webhookGates = { ...gateList(webhook.featureGates), ...obj(obj(webhook.config).featureGates) };
    const overrides = new Map<string, boolean>();
    for (const { gate } of GATES) {
      const c = controller[gate];
      const w = webhookGates[gate];
      if (c !== undefined || w !== undefined) overrides.set(gate, c === true && w === true);
    }
    found.push({ app, version, minor: Number(m[1]), overrides });
  }
  return found;
}

/** Report every Certificate using a field the installed cert-manager does not accept. */
export function reportFeatureGates(installed: Installed[], certificates: ModelObject[], report: Reporter): void {
  for (const c of certificates) {
    const spec = obj(c.json?.spec);
    for (const cm of installed) {
      for (const { gate, field, onSince } of GATES) {
        if (spec[field] === undefined) continue;
        const on = cm.overrides.get(gate) ?? cm.minor >= onSince;
        if (on) continue;
        report.warn(c, `spec.${field}`, spec[field],
          `cert-manager ${cm.version} (installed by ${cm.app.path}) has feature gate ${gate} off (on by default from v1.${onSince}): its webhook refuses the field or its controller ignores it, if this Certificate is served by that installation`,
          `enable ${gate}=true on both the controller and the webhook (chart values featureGates and webhook.featureGates), or upgrade cert-manager to v1.${onSince} or later`);
      }
      const profile = obj(obj(spec.keystores).pkcs12).profile;
      if (profile === 'Modern2026' && cm.minor < MODERN_2026_SINCE) {
        report.warn(c, 'spec.keystores.pkcs12.profile', profile,
          `cert-manager ${cm.version} (installed by ${cm.app.path}) has no Modern2026 PKCS#12 profile (added in v1.${MODERN_2026_SINCE}): its CRD refuses the value`,
          `use Pkcs12Profile.MODERN_2023, or upgrade cert-manager to v1.${MODERN_2026_SINCE} or later`);
      }
    }
  }
}

/** `"A=true,B=false"` as a map. */
function gateList(v: unknown): { [gate: string]: boolean } {
  const out: { [gate: string]: boolean } = {};
  for (const entry of (str(v) ?? '').split(',')) {
    const [k, value] = entry.split('=').map((s) => s.trim());
    if (k) out[k] = value === undefined || value.toLowerCase() === 'true';
  }
  return out;
}

/** Within one app: the Certificates next to the Application installing cert-manager. */
function checkFeatureGates(model: AppModel, report: Reporter): void {
  const installed = certManagerInstallations(model.ofKind('argoproj.io', 'Application').filter((a) => !a.external));
  if (installed.length === 0) return;
  reportFeatureGates(installed, model.ofKind('cert-manager.io', 'Certificate').filter((c) => !c.external), report);
}

registerChecks({ id: 'gitops/cert-manager-feature-gates', check: checkFeatureGates });
