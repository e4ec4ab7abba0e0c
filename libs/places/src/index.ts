export * from './place.resolver';
export * from './us-gazetteer';
