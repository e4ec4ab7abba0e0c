export * from './harvest-report';
export * from './harvest.runner';
export * from './index.rebuilder';
export * from './source-url';
export * from './source.harvester';
export * from './type-crawler';
