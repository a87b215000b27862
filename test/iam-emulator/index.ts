// The IAM emulator tests and the bench start on 127.0.0.1. Never shipped in a product package.
export type { EmulatedRole, RoleSeed } from './account.js';
export { EmulatedAccount, IAM_LIMITS, IamError } from './account.js';
export type { TrailEvent } from './cloudtrail.js';
export type { FaultPlan } from './faults.js';
export type { EmulatorOptions, IamEmulator } from './server.js';
export { startIamEmulator } from './server.js';
