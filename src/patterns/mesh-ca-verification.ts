import { ApiObject, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationAction, AuthorizationPolicy } from '../istio/authorization-policy';
import { MtlsMode, PeerAuthentication } from '../istio/peer-authentication';
import { kplus as loadKplus } from '../private/kplus';
import { omitNamespace } from '../private/metadata';
import { checkImageReference } from '../private/fields';
import { checkDns1123Label } from '../private/names';
import { fail } from '../validation/error';
import { IMeshCa } from './mesh-ca-reference';

/** Options of `MeshCa.addVerification()`. */
export interface MeshVerificationOptions {
  /**
   * Namespace created for the check (sidecar injection enabled).
   *
   * @default 'mesh-verify'
   */
  readonly namespace?: string;
  /**
   * Image of the sample HTTP server (listening on 8080).
   *
   * @default 'docker.io/mccutchen/go-httpbin:v2.15.0'
   */
  readonly image?: string;
  /**
   * An AuthorizationPolicy that admits only peers with a mesh identity of the same namespace
   * (`<trustDomain>/ns/<namespace>/sa/*`), for the listed methods.
   *
   * @default true
   */
  readonly authorizationPolicy?: boolean;
  /**
   * HTTP methods the AuthorizationPolicy allows.
   *
   * @default ['GET', 'POST']
   */
  readonly allowedMethods?: string[];
}

/** Properties of a `MeshVerification`. */
export interface MeshVerificationProps extends MeshVerificationOptions {
  /** The mesh CA whose certificates are verified. */
  readonly meshCa: IMeshCa;
}

const APP = 'httpbin';

/**
 * A namespace with sidecar injection, a sample workload (`httpbin`, own ServiceAccount and
 * Service), a namespace-wide STRICT PeerAuthentication and, optionally, an AuthorizationPolicy
 * admitting only mesh identities of the namespace — the verification setup of seed 004. The
 * workload carries a sync wave after the Istio install so that it is created once the
 * injection webhook exists. Check with
 * `istioctl proxy-config secret deploy/httpbin -n <namespace>`: the certificate's issuer is the
 * mesh CA's intermediate and its URI SAN `spiffe://<trustDomain>/ns/<namespace>/sa/httpbin`.
 */
export class MeshVerification extends Construct {
  /** The namespace. */
  public readonly namespace: string;
  /** The SPIFFE ID the sample workload gets. */
  public readonly spiffeId: string;
  /** The AuthorizationPolicy, if created. */
  public readonly authorizationPolicy?: AuthorizationPolicy;

  public constructor(scope: Construct, id: string, props: MeshVerificationProps) {
    super(scope, id);
    const meshCa = props.meshCa;
    this.namespace = props.namespace ?? 'mesh-verify';
    const problem = checkDns1123Label(String(this.namespace));
    if (problem) fail(this, 'namespace', this.namespace, `namespace ${problem}`, 'use a valid namespace name');
    if (this.namespace === meshCa.istioNamespace || this.namespace === meshCa.certManagerNamespace) {
      fail(this, 'namespace', this.namespace, 'the verification namespace must be a namespace of its own: it enables sidecar injection', "use e.g. 'mesh-verify'");
    }
    const image = props.image ?? 'docker.io/mccutchen/go-httpbin:v2.15.0';
    checkImageReference(this, 'image', image, 'docker.io/mccutchen/go-httpbin:v2.15.0');
    const methods = props.allowedMethods ?? ['GET', 'POST'];
    if (!Array.isArray(methods) || methods.length === 0) fail(this, 'allowedMethods', methods, 'at least one method is required', "use e.g. ['GET']");
    methods.forEach((m, i) => {
      if (typeof m !== 'string' || !/^[A-Z]+$/.test(m)) fail(this, `allowedMethods[${i}]`, m, 'must be an HTTP method in upper case', "use e.g. 'GET'");
    });

    const revision = meshCa.istioRevisions[0];
    const injection: { [key: string]: string } = revision === 'default' ? { 'istio-injection': 'enabled' } : { 'istio.io/rev': revision };
    const kplus = loadKplus(this, 'MeshVerification builds its namespace, ServiceAccount, Deployment and Service');
    // cluster-scoped: no namespace, whatever the chart's
    omitNamespace(ApiObject.of(new kplus.Namespace(this, 'Namespace', { metadata: { name: this.namespace, labels: injection } })));

    const afterIstio = meshCa.afterIstioAnnotations();
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { name: APP, namespace: this.namespace },
      automountToken: false,
    });
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: APP, namespace: this.namespace, annotations: afterIstio },
      replicas: 1,
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      podMetadata: { labels: { app: APP } },
      containers: [{
        name: APP,
        image,
        portNumber: 8080,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
        },
        securityContext: { ensureNonRoot: true, user: 65532, group: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels: { app: APP } }));
    // cdk8s-plus labels pods with the construct address: a hash that changes when the construct moves
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    const service = new kplus.Service(this, 'Service', {
      metadata: { name: APP, namespace: this.namespace },
      ports: [{ name: 'http', port: 8000, targetPort: 8080 }],
    });
    service.selectLabel('app', APP);

    new PeerAuthentication(this, 'StrictMtls', {
      metadata: { name: 'strict-mtls', namespace: this.namespace, annotations: afterIstio },
      mode: MtlsMode.STRICT,
      meshRootNamespace: meshCa.istioNamespace,
    });

    this.spiffeId = `spiffe://${meshCa.trustDomain}/ns/${this.namespace}/sa/${APP}`;
    if (props.authorizationPolicy ?? true) {
      this.authorizationPolicy = new AuthorizationPolicy(this, 'AllowMeshPeers', {
        metadata: { name: `allow-${APP}`, namespace: this.namespace, annotations: afterIstio },
        action: AuthorizationAction.ALLOW,
        selector: { app: APP },
        rules: [{
          from: [{ principals: [`${meshCa.trustDomain}/ns/${this.namespace}/sa/*`] }],
          to: [{ methods: [...methods] }],
        }],
      });
    }
  }
}
