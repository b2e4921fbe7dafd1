/** Kafka API keys, generated from the message JSON (see scripts/gen-messages.ts). */
export { ApiKey, type ApiKeyName, type ApiKeyNumber } from './generated/api-keys.js';
