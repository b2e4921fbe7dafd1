/** Public surface of the protocol package (message interfaces live in ./generated/<Message>.js). */
export * from './codec.js';
export * from './errors.js';
export * from './client.js';
export { ApiKey, type ApiKeyName, type ApiKeyNumber } from './api-keys.js';
export { FrameSplitter, DEFAULT_MAX_FRAME_BYTES } from './frames.js';
export { knownApiKeys } from './schema.js';
