export * from './validation';
export * from './cert-manager';
export * from './istio';
export * from './gateway-api';
export * from './trust';
export * from './monitoring';
export * from './gitops';
export * from './patterns';
