export * from '../core/index.js';
export {
  createDxClient,
  DX_DEFAULT_BASE_URL,
  type DxClient,
  type DxClientOptions,
  type DxUpdateResult,
  type UpdateUserAttributesInput,
} from './client.js';
export type {
  DxErrorBody,
  DxErrorCode,
  DxHttpError,
  DxPartialFailureError,
  DxRateLimitedError,
  DxUpdateUserAttributesError,
  DxUser,
} from './errors.js';
export type { DxAttributes } from './input.js';
export type { components as DxComponents, operations as DxOperations, paths as DxPaths } from '../generated/dx.js';
