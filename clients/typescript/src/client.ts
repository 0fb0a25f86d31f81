// A thin openapi-fetch client for the Unified Accounting API: auth, an Idempotency-Key on every POST,
// and an async iterator over cursor pages. The types are generated from the site's own OpenAPI document
// (npm run generate), so this site's Custom Fields are typed too.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { paths, components } from "./schema.js";

export interface Options {
  baseUrl: string; // https://books.example.com
  apiKey?: string; // an ERPNext user's API key and secret ...
  apiSecret?: string;
  bearer?: string; // ... or an OAuth bearer token
}

export function createUnifiedClient(options: Options) {
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, "") });
  const authorization = options.bearer
    ? `Bearer ${options.bearer}`
    : `token ${options.apiKey}:${options.apiSecret}`;
  const middleware: Middleware = {
    onRequest({ request }) {
      request.headers.set("Authorization", authorization);
      request.headers.set("Accept", "application/json");
      if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
        request.headers.set("Idempotency-Key", crypto.randomUUID());
      }
      return request;
    },
  };
  client.use(middleware);
  return client;
}

export type UnifiedClient = ReturnType<typeof createUnifiedClient>;

// The error shape every failure has.
export interface UnifiedError {
  error: { status: number; type: string; message: string; details: { field?: string; message: string }[] };
}

export class ApiError extends Error {
  constructor(public readonly body: UnifiedError) {
    super(`${body.error.status} ${body.error.type}: ${body.error.message}`);
  }
}

// Every record of a list: `fetchPage(cursor)` returns one page; pages are followed until next_cursor is null.
export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ data?: { result: T[]; next_cursor?: string | null }; error?: unknown }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const { data, error } = await fetchPage(cursor);
    if (error || !data) throw new ApiError(error as UnifiedError);
    yield* data.result;
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
}
