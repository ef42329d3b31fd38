export * from './acme-issuer-choice';
export * from './https-redirect-gateway';
export * from './wildcard-certificate';
export * from './mesh-ca';
export * from './mesh-ca-reference';
export * from './mesh-ca-root';
export * from './mesh-ca-verification';
export * from './mesh-ca-multi-cluster';
