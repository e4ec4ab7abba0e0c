export { FAULT_KINDS, type FaultKind, type FaultPlan } from './fault-plan';
export * from './fault-proxy';
