// The BambooHR API as the connector uses it: the custom report and changed-since, with Basic auth
// (API key as user name, `x` as password). Every request goes through the shared retrying fetch.
// The API key is only ever put in the Authorization header: never in a message, URL or log.
import type { z } from 'zod';
import {
  createRetryingFetch,
  type RetryingFetchOptions,
  requestIdOf,
  UpstreamError,
} from '../shared/http.ts';
import {
  type ChangedEmployees,
  type CustomReport,
  changedEmployeesSchema,
  customReportSchema,
} from './schema.ts';

export interface BambooClientOptions extends RetryingFetchOptions {
  baseUrl: string;
  apiKey: string;
  companyDomain: string;
}

export interface ReportResponse {
  report: CustomReport;
  /** The server's clock when it answered (the `Date` header), if it sent one. */
  serverDate: Date | null;
}

export interface BambooClient {
  /** Every employee (or, with `changedSince`, those changed since then), whatever their status. */
  customReport(fields: string[], signal: AbortSignal, changedSince?: string): Promise<ReportResponse>;
  changedSince(since: string, signal: AbortSignal): Promise<ChangedEmployees>;
}

export function createBambooClient(options: BambooClientOptions): BambooClient {
  const send = createRetryingFetch({
    vendor: 'BambooHR',
    // BambooHR explains some refusals in this header; it never contains the key.
    vendorError: async (response) => ({
      message: response.headers.get('x-bamboohr-error-message') ?? undefined,
    }),
    ...options,
  });
  const headers = {
    Authorization: `Basic ${Buffer.from(`${options.apiKey}:x`).toString('base64')}`,
    Accept: 'application/json',
  };

  async function request<S extends z.ZodType>(
    what: string,
    url: string,
    init: RequestInit & { signal: AbortSignal },
    schema: S,
  ): Promise<{ body: z.output<S>; response: Response }> {
    const response = await send(url, init);
    if (!response.ok) throw await errorFor(what, response, options.companyDomain);
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new UpstreamError(`BambooHR ${what}: the response is not JSON`, {
        code: 'malformed_response',
        status: response.status,
        requestId: requestIdOf(response),
        cause: error,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UpstreamError(
        `BambooHR ${what}: unexpected response shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
        { code: 'malformed_response', status: response.status, requestId: requestIdOf(response) },
      );
    }
    return { body: parsed.data, response };
  }

  return {
    async customReport(fields, signal, changedSince) {
      const body: Record<string, unknown> = { title: 'idsync', fields };
      if (changedSince !== undefined) {
        // includeNull "no": employees last changed before BambooHR tracked changes are not "changed".
        body.filters = { lastChanged: { includeNull: 'no', value: changedSince } };
      }
      const { body: report, response } = await request(
        'custom report',
        `${options.baseUrl}/reports/custom?format=JSON&onlyCurrent=false`,
        {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          signal,
        },
        customReportSchema,
      );
      const date = response.headers.get('date');
      const serverDate = date === null || Number.isNaN(Date.parse(date)) ? null : new Date(date);
      return { report, serverDate };
    },

    async changedSince(since, signal) {
      const url = `${options.baseUrl}/employees/changed?since=${encodeURIComponent(since)}`;
      const { body } = await request(
        'changed employees',
        url,
        { method: 'GET', headers, signal },
        changedEmployeesSchema,
      );
      return body;
    },
  };
}

/** Names the likely cause of a refusal; never the key. */
async function errorFor(what: string, response: Response, companyDomain: string): Promise<UpstreamError> {
  const requestId = requestIdOf(response);
  // BambooHR explains some refusals in this header; it never contains the key.
  const vendorMessage = response.headers.get('x-bamboohr-error-message');
  void response.body?.cancel().catch(() => undefined);
  const suffix = vendorMessage ? ` BambooHR says: ${vendorMessage}` : '';
  if (response.status === 401) {
    return new UpstreamError(
      `BambooHR refused the API key (401) for company ${companyDomain}: check api_key (revoked, mistyped, or for another company).${suffix}`,
      { code: 'unauthorized', status: 401, requestId },
    );
  }
  if (response.status === 403) {
    return new UpstreamError(
      `BambooHR denied the ${what} (403): the API key's user lacks permission to it; give that user access to employee reports and the mapped fields.${suffix}`,
      { code: 'forbidden', status: 403, requestId },
    );
  }
  if (response.status === 404) {
    return new UpstreamError(
      `BambooHR ${what}: not found (404); check company_domain (${companyDomain}) and base_url.${suffix}`,
      { code: 'not_found', status: 404, requestId },
    );
  }
  return new UpstreamError(`BambooHR ${what} failed with HTTP ${response.status}.${suffix}`, {
    code: `http_${response.status}`,
    status: response.status,
    requestId,
  });
}
