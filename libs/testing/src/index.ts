export * from './fhir-server/ndjson-loader';
export * from './fhir-server/test-fhir-server';
export * from './redis';
export * from './http';
export * from './fault-proxy';
