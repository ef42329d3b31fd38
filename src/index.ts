// The public API: the library's core and errors at the top level, one submodule per API family
// (jsii submodules: `certManager.Certificate`, `istio.Gateway`, `gatewayApi.Gateway`, ...), so
// that kinds of different APIs keep their upstream names without colliding.
export * from './validation';
export * from './core';
export * as certManager from './cert-manager';
export * as istio from './istio';
export * as gatewayApi from './gateway-api';
export * as trust from './trust';
export * as monitoring from './monitoring';
export * as gitops from './gitops';
export * as patterns from './patterns';
