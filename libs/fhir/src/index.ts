export * from './fhir-resource';
export * from './fhir-bundle';
export * from './fhir-fetch.error';
export * from './fhir.client';
export * from './reference';
export * from './plan-net.extensions';
