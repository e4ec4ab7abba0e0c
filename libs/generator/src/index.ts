export * from './defect-plan';
export * from './directory-generator';
export * from './generator-cli-args';
export * from './npi-check-digit';
export * from './nucc-specialties';
export * from './us-zip-geography';
export * from './seeded-random';
