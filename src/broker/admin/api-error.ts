/** A per-item outcome Kafka reports inside a response (ApiError): an error code and an optional message. */
export interface ApiError {
  readonly code: number;
  readonly message: string | null;
}

export function apiError(code: number, message: string | null = null): ApiError {
  return { code, message };
}
