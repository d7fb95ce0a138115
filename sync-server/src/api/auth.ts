/*
 * The wire schemas of /v1/auth and /v1/me. They are defined once, in src-shared, and the
 * desktop client parses the server's answers with the same definitions.
 */
export {
  DeviceNameSchema,
  EmailSchema,
  MagicLinkRequestSchema,
  MagicLinkRequestedSchema,
  MagicLinkVerifySchema,
  MeSchema,
  RefreshRequestSchema,
  SignedOutSchema,
  TokenPairSchema,
} from '../../../src-shared/contract/cloud/authWire';
