// Shared by config/config.ts (validating the environment) and master-key.ts (validating key files), in a
// file without imports so config.ts can use it without an import cycle.

/** 32 bytes in base64 is exactly 43 characters and one `=`; anything else is a truncated or wrong value. */
export const MASTER_KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
export const MASTER_KEY_HINT = 'must be 32 random bytes in base64 (44 characters, e.g. `openssl rand -base64 32`)';
