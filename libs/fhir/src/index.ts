export * from './fhir-resource';
