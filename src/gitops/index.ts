export * from './application-source';
export * from './sync-policy';
export * from './application';
export * from './application-set';
