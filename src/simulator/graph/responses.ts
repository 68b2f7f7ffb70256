// Response shapes of Graph and of the Microsoft identity platform, as their docs show them.
import { randomUUID } from 'node:crypto';

/** Graph's error body: `{ error: { code, message, innerError: { 'request-id', date } } }`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const requestId = randomUUID();
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': requestId,
      },
    },
  };
  return json(status, body, { 'request-id': requestId, 'client-request-id': requestId, ...headers });
}

/** The identity platform's OAuth error body (token endpoint). */
export function oauthError(status: number, error: string, aadsts: number, description: string): Response {
  const traceId = randomUUID();
  return json(status, {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId}`,
    error_codes: [aadsts],
    timestamp: `${new Date().toISOString().replace('T', ' ').slice(0, 19)}Z`,
    trace_id: traceId,
    correlation_id: randomUUID(),
  });
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; odata.metadata=minimal', ...headers },
  });
}
