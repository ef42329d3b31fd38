// What the two halves of HttpsRedirectGateway share (not exported from the package): the
// pattern's names and objects they build on, and what each half builds (redirect-istio.ts,
// redirect-gateway-api.ts).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeSolver } from '../../cert-manager/acme-solver';
import { Certificate } from '../../cert-manager/certificate';
import { IIssuer } from '../../cert-manager/references';
import { Gateway } from '../../gateway-api/gateway';
import { HttpRoute } from '../../gateway-api/http-route';
import { ListenerSet } from '../../gateway-api/listener-set';
import * as istio from '../../istio/gateway';
import { VirtualService } from '../../istio/virtual-service';
import { BackendRoute } from '../https-redirect-gateway-options';

/** The name of each object of a site, defaults resolved (port names: undefined for the gateway's generated ones). */
export interface RedirectSiteNames {
  readonly certificate: string;
  readonly gateway: string;
  readonly virtualService: string;
  readonly redirectRoute: string;
  readonly backendRoute: string;
  readonly httpPortName?: string;
  readonly httpsPortName?: string;
}

/** The pattern, its names and the objects both halves use. */
export interface RedirectSiteContext {
  /** The pattern (the scope of every object, named in messages). */
  readonly scope: Construct;
  /** Base name of the objects. */
  readonly name: string;
  /** The name of each object. */
  readonly names: RedirectSiteNames;
  /** Namespace of the gateway and the routes. */
  readonly namespace: string;
  /** Namespace of the gateway pods, the Certificate, the solvers. */
  readonly workloadNamespace: string;
  readonly labels?: { [key: string]: string };
  readonly hosts: string[];
  readonly certificate: Certificate;
  readonly issuer: IIssuer;
}

/** What one half builds: the gateway, the route to the solver, and the backend routes as they are added. */
export interface RedirectSite {
  /** The HTTP-01 solvers added to the issuer. */
  readonly solvers: AcmeSolver[];
  readonly istioGateway?: istio.Gateway;
  readonly virtualService?: VirtualService;
  readonly solverServices: ApiObject[];
  readonly gateway?: Gateway;
  readonly listenerSet?: ListenerSet;
  readonly redirectRoute?: HttpRoute;
  /** The HTTPRoutes carrying the backend routes (Gateway API). */
  readonly backendRoutes: HttpRoute[];
  /** Route HTTPS requests of `route.hosts` under `route.pathPrefix` to the route's Service (defaults resolved). */
  addBackend(route: BackendRoute): void;
}
