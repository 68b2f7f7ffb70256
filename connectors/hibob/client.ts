// Bob's people search as the connector reads it: one `POST {base_url}/people/search` with the
// field ids it maps, `showInactive: true` (leavers are read as leavers, not as absences) and
// `humanReadable: APPEND` (list fields such as departments come as ids, their names alongside).
// Basic auth with the service user's id and token; the token only ever goes into that header.
// Bob answers every employee at once, so the answer is parsed as it arrives, never held whole.
import {
  createRetryingFetch,
  type RetryingFetchOptions,
  requestIdOf,
  UpstreamError,
} from '../shared/http.ts';
import { streamListItems, vendorMessage } from '../shared/json-stream.ts';

export interface HibobClientOptions extends RetryingFetchOptions {
  baseUrl: string;
  serviceUserId: string;
  token: string;
}

export interface HibobClient {
  /** Every employee, active or not, a network chunk's worth at a time. */
  search(fields: readonly string[], signal: AbortSignal): AsyncGenerator<unknown[], void, void>;
}

export function createHibobClient(options: HibobClientOptions): HibobClient {
  const send = createRetryingFetch({ ...options, concurrency: 1 });
  const authorization = `Basic ${Buffer.from(`${options.serviceUserId}:${options.token}`).toString('base64')}`;
  return {
    async *search(fields, signal) {
      const response = await send(`${options.baseUrl}/people/search`, {
        method: 'POST',
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ fields, filters: [], showInactive: true, humanReadable: 'APPEND' }),
        signal,
      });
      if (!response.ok) throw await errorFor(response);
      yield* streamListItems(response, 'employees', signal, 'HiBob people search');
    },
  };
}

/** Names the likely cause of a refusal and the keys to check; never the token. */
async function errorFor(response: Response): Promise<UpstreamError> {
  const requestId = requestIdOf(response);
  const vendor = await vendorMessage(response);
  const suffix = vendor ? ` HiBob says: ${vendor}` : '';
  const details = { status: response.status, requestId };
  if (response.status === 401) {
    return new UpstreamError(
      `HiBob refused the service user's credentials (401): check service_user_id and token (mistyped, or the service user was deleted or its token renewed).${suffix}`,
      { code: 'unauthorized', ...details },
    );
  }
  if (response.status === 403) {
    return new UpstreamError(
      `HiBob denied the people search (403): add the service user to a permission group allowed to view employees' People data.${suffix}`,
      { code: 'forbidden', ...details },
    );
  }
  if (response.status === 400) {
    return new UpstreamError(
      `HiBob refused the people search (400): check the field ids in fields.${suffix}`,
      {
        code: 'bad_request',
        ...details,
      },
    );
  }
  return new UpstreamError(`HiBob people search failed with HTTP ${response.status}.${suffix}`, {
    code: `http_${response.status}`,
    ...details,
  });
}
