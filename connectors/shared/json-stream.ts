// A vendor answer that is one large JSON object around one list (`{ "Report_Entry": [...] }`,
// `{ "employees": [...] }`), parsed as it arrives with @streamparser/json and handed on a network
// chunk's worth of items at a time: the text is never held whole, and the parser drops each item
// once handed on, so memory holds a chunk's items, not the account.
import { JSONParser } from '@streamparser/json';
import { requestIdOf, UpstreamError } from './http.ts';

/** The items of the top-level list `key`, in order; a malformed or truncated answer throws. */
export async function* streamListItems(
  response: Response,
  key: string,
  signal: AbortSignal,
  what: string,
): AsyncGenerator<unknown[], void, void> {
  const malformed = (detail: string, cause?: unknown) =>
    new UpstreamError(`${what}: the answer is not the expected JSON (${detail})`, {
      code: 'malformed_response',
      status: response.status,
      requestId: requestIdOf(response),
      cause,
    });
  if (response.body === null) throw malformed('empty body');
  // keepStack false: an item handed on is removed from the list being built.
  const parser = new JSONParser({ paths: [`$.${key}.*`, `$.${key}`], keepStack: false });
  let pending: unknown[] = [];
  let sawList = false;
  parser.onValue = ({ value, key: at, stack }) => {
    if (stack.length === 1 && at === key) {
      if (!Array.isArray(value)) throw new Error(`${key} is not a list`);
      sawList = true;
    } else {
      pending.push(value);
    }
  };
  const reader = response.body.getReader();
  try {
    for (;;) {
      signal.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      try {
        parser.write(value);
      } catch (error) {
        throw malformed(error instanceof Error ? error.message : String(error), error);
      }
      if (pending.length > 0) {
        const batch = pending;
        pending = [];
        yield batch;
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      throw malformed('the answer ended early', error);
    }
  }
  if (pending.length > 0) yield pending;
  if (!sawList) throw malformed(`no ${key} list`);
}

/** A short reason from an error body (`error`/`message` in JSON, or a SOAP fault's text), bounded. */
export async function vendorMessage(response: Response): Promise<string | null> {
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  try {
    const body = JSON.parse(text) as {
      error?: unknown;
      message?: unknown;
      errors?: Array<{ error?: unknown }>;
    };
    const nested =
      typeof body.error === 'object' && body.error !== null
        ? (body.error as { message?: unknown }).message
        : undefined;
    for (const message of [body.error, nested, body.message, body.errors?.[0]?.error]) {
      if (typeof message === 'string' && message !== '') return message.slice(0, 300);
    }
  } catch {
    // Not JSON: some refusals come as XML or text.
  }
  const fault = /<(?:faultstring|wd:Message)>([^<]{1,300})</.exec(text);
  return fault?.[1]?.trim() ?? null;
}
