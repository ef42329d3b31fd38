import { ApiObjectMetadata, Duration } from 'cdk8s';
import { CertificatePrivateKey } from '../cert-manager/certificate';
import { IGateway } from '../gateway-api/gateway';
import { GatewayTlsOptions } from '../istio/tls-settings';
import { AcmeIssuerChoice } from './acme-issuer-choice';

/** Which API the gateway and its routes are written in. */
export enum IngressApi {
  /** Istio's own API: a `networking.istio.io` Gateway and VirtualService. */
  ISTIO = 'networking.istio.io',
  /** The Kubernetes Gateway API (`gateway.networking.k8s.io`), implemented by Istio (`gatewayClassName: istio`). */
  GATEWAY_API = 'gateway.networking.k8s.io',
}

/** The gateway pods that terminate TLS. */
export interface GatewayWorkload {
  /**
   * Namespace the gateway pods run in. Istio reads the certificate Secret here, so the
   * Certificate, its Secret, the ACME solver pods and (Istio API) the solver Services live
   * here. With the Gateway API, Istio deploys the gateway pods in the Gateway's namespace, so
   * this is also the namespace of the Gateway and its routes.
   */
  readonly namespace: string;
  /**
   * Labels selecting the gateway pods (Istio API only; with the Gateway API Istio deploys and
   * selects the pods itself).
   *
   * @default { istio: 'ingressgateway' } for the Istio API
   */
  readonly selector?: { [key: string]: string };
}

/** A backend the HTTPS traffic of the hosts is forwarded to, by path prefix. */
export interface BackendRoute {
  /**
   * Path prefix, matched element by element in both APIs (`/api` matches `/api` and
   * `/api/x`, not `/apix`). Routes are tried in the order given; a route whose prefix is
   * covered by an earlier one is rejected (list the most specific first).
   *
   * @default '/'
   */
  readonly pathPrefix?: string;
  /** Name of the Service. */
  readonly serviceName: string;
  /**
   * Namespace of the Service (the Gateway API variant adds a ReferenceGrant there when it is
   * not the gateway's namespace).
   *
   * @default - the namespace of the pattern's routes
   */
  readonly serviceNamespace?: string;
  /** Service port. */
  readonly port: number;
  /**
   * Only for these hosts (a subset of the pattern's hosts).
   *
   * @default - every host of the pattern
   */
  readonly hosts?: string[];
}

/**
 * Names of the objects an `HttpsRedirectGateway` creates, for a site that must keep the names
 * it already has (a document, an existing GitOps repository). Every name defaults to what the
 * pattern uses without it, so leaving a field out keeps the rendered output unchanged.
 */
export interface HttpsRedirectGatewayNames {
  /**
   * `metadata.name` of the Certificate (its Secret is `secretName`).
   *
   * @default - the base name (`metadata.name`)
   */
  readonly certificate?: string;
  /**
   * `metadata.name` of the gateway: the Istio Gateway, the Gateway API Gateway of its own, or
   * on a shared `gateway` the site's ListenerSet.
   *
   * @default - the base name
   */
  readonly gateway?: string;
  /**
   * Istio API: `metadata.name` of the VirtualService (challenge rules, then the backends).
   *
   * @default - the base name
   */
  readonly virtualService?: string;
  /**
   * Gateway API: `metadata.name` of the HTTPRoute redirecting HTTP to HTTPS.
   *
   * @default `<base name>-redirect`
   */
  readonly redirectRoute?: string;
  /**
   * Gateway API: `metadata.name` of the HTTPRoute carrying the backends of every host; routes
   * for a subset of the hosts get `-<n>` appended, n counting every backend route created so far.
   *
   * @default - the base name
   */
  readonly backendRoute?: string;
  /**
   * Istio API: `port.name` of the port-80 server (unique within the Gateway).
   *
   * @default - generated, e.g. `http-80-shop`
   */
  readonly httpPortName?: string;
  /**
   * Istio API: `port.name` of the port-443 server (unique within the Gateway).
   *
   * @default - generated, e.g. `https-443-shop`
   */
  readonly httpsPortName?: string;
}

/** Properties of `HttpsRedirectGateway`. */
export interface HttpsRedirectGatewayProps {
  /**
   * `name`: base name of every object (default: the kebab-cased construct id; it must be a
   * DNS-1123 label). `namespace`: where the Istio Gateway and VirtualService go (default: the
   * chart's namespace, else the workload namespace; with the Gateway API it must be the
   * workload namespace). `labels` are put on every object; annotations are not copied.
   *
   * @default - name from the construct id
   */
  readonly metadata?: ApiObjectMetadata;
  /** Host names served over HTTPS and validated over HTTP-01 (no wildcards: use `WildcardCertificate`). */
  readonly hosts: string[];
  /**
   * The gateway pods: their namespace and (Istio API) their labels.
   * @default - required, except with `gateway` (the shared Gateway's pods serve the site)
   */
  readonly workload?: GatewayWorkload;
  /**
   * Gateway API: a Gateway shared by many sites, created by the platform (`new gatewayApi.Gateway`)
   * or imported (`gatewayApi.Gateway.fromGatewayAttributes`). Instead of a Gateway of its own —
   * each of which Istio runs as a Deployment behind its own load balancer — the site adds a
   * `ListenerSet` with one HTTPS listener per host (in the site's namespace, with its
   * Certificate), attaches its redirect to the Gateway's HTTP listener (`httpListener`) and has
   * cert-manager attach its challenge route there too. The Gateway must admit the site's
   * namespace in `allowedListeners`, and its HTTP listener the site's routes (`allowedRoutes`);
   * the synth checks both.
   * @default - the site has a Gateway of its own
   */
  readonly gateway?: IGateway;
  /**
   * Gateway API with a shared `gateway`: the name of its HTTP listener on port 80.
   * @default 'http'
   */
  readonly httpListener?: string;
  /**
   * The ACME issuer: one the pattern creates (`AcmeIssuerChoice.letsEncrypt()`) or an ACME
   * issuer of the app the pattern adds its solvers to (`AcmeIssuerChoice.fromIssuer()`).
   *
   * @default AcmeIssuerChoice.letsEncrypt() - a Let's Encrypt staging Issuer
   */
  readonly issuer?: AcmeIssuerChoice;
  /**
   * Istio's API or the Gateway API.
   *
   * @default IngressApi.ISTIO
   */
  readonly api?: IngressApi;
  /**
   * Names of the Certificate, the gateway, the routes and the Istio server ports, where they
   * must differ from the base name.
   *
   * @default - every object named after the base name
   */
  readonly names?: HttpsRedirectGatewayNames;
  /**
   * Backends for the HTTPS traffic; more with `addRoute()`. A site without any backend serves
   * only its certificate and the redirect (every HTTPS request gets 404), which the synth
   * reports as a warning unless `routes: []` is passed to say so on purpose (e.g. the backends
   * are bound by objects outside the pattern).
   *
   * @default - none (a warning at synth unless routes are added with `addRoute()`)
   */
  readonly routes?: BackendRoute[];
  /**
   * TLS settings of the HTTPS server (Istio API only).
   *
   * @default - TLS 1.2 minimum, Envoy's cipher suites
   */
  readonly tls?: GatewayTlsOptions;
  /**
   * GatewayClass (Gateway API only).
   *
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * Secret cert-manager writes the certificate to (in the workload namespace).
   *
   * @default `<name>-tls`
   */
  readonly secretName?: string;
  /**
   * The certificate's private key.
   *
   * @default - ECDSA P-256, rotated on every renewal
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Renew this long before expiry.
   *
   * @default - cert-manager's default (when two thirds of the lifetime have passed)
   */
  readonly renewBefore?: Duration;
}
