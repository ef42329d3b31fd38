export * from './bundle-source';
export * from './bundle-target';
export * from './bundle';
