export * from '../core/index.js';
export {
  createLookerClient,
  LOOKER_APP_ID,
  type GroupValueInput,
  type LoginInfo,
  type LogoutInfo,
  type LookerClient,
  type LookerClientOptions,
  type SetUserAttributeGroupValuesInput,
  type SetUserAttributeUserValueInput,
  type UpdateUserAttributeGroupValueInput,
  type UserAttributeGroupValue,
  type UserAttributeWithValue,
} from './client.js';
export type { LookerCredentials } from './credentials.js';
export type {
  LoginError,
  LogoutError,
  LookerErrorBody,
  LookerFieldError,
  LookerOperationError,
  LookerValidationErrorBody,
  SetUserAttributeGroupValuesError,
  SetUserAttributeUserValueError,
  UnauthorizedError,
  UpdateUserAttributeGroupValueError,
  ValidationFailedError,
} from './errors.js';
export type {
  components as LookerComponents,
  operations as LookerOperations,
  paths as LookerPaths,
} from '../generated/looker.js';
