export * from './directory-builder';
export * from './directory-session';
export * from './network.mapper';
export * from './role-build';
