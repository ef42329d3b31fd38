import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as trust from '../../imports/trust-manager-trust.cert-manager.io';
import { Facts } from '../core/model';
import { Resource, ResourceType } from '../core/resource';
import { checkNamespaceName, requireArray } from '../private/fields';
import { receive } from '../private/factory';
import { fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { BundleSource, BundleSourceType } from './bundle-source';
import { BundleTarget } from './bundle-target';
import './private/bundle-checks';
import { renderBundleSpec } from './private/bundle-render';
import { bundleFacts, DEFAULT_TRUST_NAMESPACE } from './private/facts';
import { checkTarget } from './private/inputs';

// the sources and targets of bundles, for importers of this module
export { BundleSource, BundleSourceType } from './bundle-source';
export type { ConfigMapKeySelector } from './bundle-source';
export { Pkcs12Profile } from './bundle-target';
export type { AdditionalFormats, BundleTarget, JksFormat, Pkcs12Format } from './bundle-target';

const BUNDLE = ResourceType._of({ l1: trust.Bundle, mapper: trust.toJson_BundleProps, kind: 'Bundle', namespaced: false });

/** The CRD allows 1 to 100 sources. */
const MAX_SOURCES = 100;

/** Properties of a trust-manager `Bundle`. */
export interface BundleProps {
  /**
   * Name (also the name of the target ConfigMap / Secret), labels and annotations. Bundles are
   * cluster-scoped: no namespace.
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * CA certificate sources (1–100); more with `addSource()`.
   *
   * @default - none
   */
  readonly sources?: BundleSource[];
  /** Where the bundle is written. */
  readonly target: BundleTarget;
  /**
   * trust-manager's trust namespace (Helm value `app.trust.namespace`), where Secret and
   * ConfigMap sources are read from. Used for the library's checks only; it is not rendered.
   *
   * @default 'cert-manager'
   */
  readonly trustNamespace?: string;
}

/**
 * A trust-manager `Bundle` (trust.cert-manager.io/v1alpha1, cluster-scoped): collects CA
 * certificates from its sources and writes them, as one PEM bundle (plus optional JKS /
 * PKCS#12), to a ConfigMap and/or Secret named like the Bundle in every selected namespace.
 *
 * Sources are read from trust-manager's trust namespace only (`cert-manager` by default, see
 * `trustNamespace`). Checked at construction: the CRD schema and CEL rules and trust-manager's
 * webhook rules (a source must not be the target itself); inline PEM holds only parseable
 * certificates and no private key. Checked at synth: at least one source; certificates used as
 * sources are in the trust namespace; no two Bundles share a name (they would write the same
 * target).
 *
 * @example
 * new trust.Bundle(chart, 'CorporateRoots', {
 *   metadata: { name: 'corporate-roots' },
 *   sources: [
 *     trust.BundleSource.useDefaultCAs(),
 *     // a Secret in trust-manager's trust namespace (cert-manager)
 *     trust.BundleSource.secret({ name: 'corporate-root-ca', key: 'ca.crt' }),
 *   ],
 *   target: { configMapKey: 'ca-certificates.crt', namespaceSelector: { 'trust.example.com/inject': 'true' } },
 * });
 */
export class Bundle extends Resource {
  /** The trust namespace sources are read from. */
  public readonly trustNamespace: string;
  /** Where the bundle is written. */
  public readonly target: BundleTarget;

  private readonly _sources: BundleSource[] = [];

  public constructor(scope: Construct, id: string, props: BundleProps) {
    if (props === null || typeof props !== 'object') fail(`${scope.node.path}/${id}`, 'props', props, 'Bundle props are required', 'pass { sources, target }');
    super(scope, id, BUNDLE, props.metadata);
    this.trustNamespace = props.trustNamespace ?? DEFAULT_TRUST_NAMESPACE;
    checkNamespaceName(this, 'trustNamespace', this.trustNamespace);
    this.target = checkTarget(this, props.target);
    requireArray(this, 'sources', props.sources, { fix: 'pass an array of BundleSource' }).forEach((s) => this.addSource(s));
  }

  /** The sources (copy). */
  public get sources(): BundleSource[] {
    return [...this._sources];
  }

  /** Add a CA certificate source. */
  public addSource(source: BundleSource): void {
    const field = `sources[${this._sources.length}]`;
    receive(this, field, source);
    if (!(source instanceof BundleSource)) fail(this, field, source, 'must be created with the BundleSource factories', 'use BundleSource.secret() / configMap() / inLine() / useDefaultCAs()');
    if (this._sources.length >= MAX_SOURCES) fail(this, field, source.type, `a Bundle has at most ${MAX_SOURCES} sources`, 'split the bundle');
    const dup = this._sources.findIndex((s) => s._id() === source._id());
    if (dup >= 0) fail(this, field, describeSource(source), `the same source is already sources[${dup}]`, 'list each source once');
    // trust-manager's webhook: "cannot define the same source as target" (the target is named like the Bundle)
    if (source.name === this.name && ((source.type === BundleSourceType.CONFIG_MAP && source.key === this.target.configMapKey)
      || (source.type === BundleSourceType.SECRET && source.key === this.target.secretKey))) {
      fail(this, field, describeSource(source), 'cannot define the same source as target: trust-manager writes the bundle to this key of this object',
        'read from another object or key than the target');
    }
    this._sources.push(source);
    source._notes.forEach((n) => Warnings.add(this, `${field}: ${n}`));
  }

  /** @internal */
  protected _toSpec(): trust.BundleSpec {
    return renderBundleSpec(this._sources, this.target);
  }

  /** @internal */
  public _facts(): Facts {
    const certificates: { [index: number]: string } = {};
    this._sources.forEach((s, i) => {
      if (s.certificate) certificates[i] = s.certificate.namespace;
    });
    return bundleFacts(this.trustNamespace, certificates);
  }
}

function describeSource(s: BundleSource): string {
  if (s.type === BundleSourceType.IN_LINE) return 'inLine';
  if (s.type === BundleSourceType.DEFAULT_CAS) return 'useDefaultCAs';
  return `${s.type} ${s.name}/${s.key}`;
}
