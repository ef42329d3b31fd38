export * from './prometheus-rule';
export * from './certificate-alerts';
