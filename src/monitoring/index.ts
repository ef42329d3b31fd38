export * from './rule-options';
export * from './rule-group';
export * from './prometheus-rule';
export * from './certificate-alerts';
export * from './cert-manager-dashboard';
export * from './network-peer';
export * from './cert-manager-network-policy';
