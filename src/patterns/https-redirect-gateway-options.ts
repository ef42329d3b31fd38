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
   * Backends for the HTTPS traffic; more with `addRoute()`. At least one is needed by synth.
   *
   * @default - none
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
