// user-attributes-sdk/testing: an in-memory Looker and DX for testing integrations, served over
// real HTTP by startFakeServer. msw handlers live in 'user-attributes-sdk/testing/msw' so that
// this entry never loads msw.
export {
  createFakeServices,
  type FakeServices,
  type FakeServicesOptions,
  type RecordedFault,
  type RecordedRequest,
} from './fake-services.js';
export type { CallMeter, OperationCounts } from './call-meter.js';
export { startFakeServer, type FakeServer, type FakeServerOptions } from './http-server.js';
export { FakeRequestError, type FakeErrorKind, type FieldProblem } from './fake-error.js';
export type {
  ActiveFault,
  FaultControls,
  FaultEffects,
  FaultScope,
  FaultSpec,
  RateLimitFault,
  RetryAfter,
} from './faults/types.js';
export type { FakeLookerOptions } from './looker/model.js';
export type {
  FakeIdentityProvider,
  FakeIdentityProviderConfig,
  FakeIdentityProviderMapping,
  FakeIdentityProviderSeed,
  FakeUserAttributeChanges,
  FakeUserAttributeDefinition,
} from './looker/admin-types.js';
export type {
  FakeApiCredentials,
  FakeGroupValueSeed,
  FakeLooker,
  FakeLookerGroup,
  FakeLookerGroupSeed,
  FakeLookerSnapshot,
  FakeLookerUser,
  FakeLookerUserSeed,
  FakeResolvedValue,
  FakeStoredGroupValue,
  FakeStoredUserValue,
  FakeUserAttribute,
  FakeUserAttributeSeed,
  FakeUserAttributeType,
  FakeValueSource,
} from './looker/types.js';
export type { FakeDxOptions } from './dx/model.js';
export type { FakeDx, FakeDxSnapshot, FakeDxUser, FakeDxUserSeed } from './dx/types.js';
export {
  DX_OPERATIONS,
  LOOKER_OPERATIONS,
  type DxOperation,
  type FakeOperation,
  type LookerOperation,
  type ServiceName,
} from './operations.js';
