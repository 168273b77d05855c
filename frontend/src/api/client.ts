// The API client, generated from docs/openapi.json (npm run client). Every request carries the
// in-memory access token; a 401 triggers one silent refresh and a retry, so a session that is
// still valid never surprises the user with a logout.
import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "./schema";
import { getAccessToken, refreshSession } from "./session";

// fetch() consumes a request's body, so the retry after a refresh needs a copy made before
// the first attempt: without it a POST or PUT could not be sent again.
const spareCopies = new WeakMap<Request, Request>();
const retried = new WeakSet<Request>();

function isAuthRoute(request: Request): boolean {
  return new URL(request.url).pathname.startsWith("/api/v1/auth/");
}

export const authMiddleware: Middleware = {
  onRequest({ request }) {
    const token = getAccessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    if (!isAuthRoute(request) && !retried.has(request)) spareCopies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || isAuthRoute(request) || retried.has(request)) return response;
    const spare = spareCopies.get(request);
    if (!spare || !(await refreshSession())) return response;
    const again = new Request(spare, { headers: new Headers(spare.headers) });
    again.headers.set("Authorization", `Bearer ${getAccessToken() ?? ""}`);
    retried.add(again);
    return fetch(again);
  },
};

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: "same-origin",
});
api.use(authMiddleware);

/** RFC 9457 problem details, as every API error is shaped. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { loc: (string | number)[]; msg: string; type: string }[];
}

const OFFLINE_MESSAGE = "The server cannot be reached. Please check your connection and try again.";
const FALLBACK_MESSAGE = "Something went wrong. Please try again in a moment.";

/** An API call that did not succeed: the HTTP status (0 when the server was not reached) and
 * the problem details the server sent, if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined, message?: string) {
    super(message ?? problem?.detail ?? (status === 0 ? OFFLINE_MESSAGE : FALLBACK_MESSAGE));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "detail" in value && typeof value.detail === "string";
}

interface CallResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function settle<T>(call: Promise<CallResult<T>>): Promise<CallResult<T>> {
  let result: CallResult<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, undefined);
  }
  if (!result.response.ok) {
    throw new ApiError(result.response.status, isProblem(result.error) ? result.error : undefined);
  }
  return result;
}

/** The body of a successful call, or an ApiError thrown: what TanStack Query wants. */
export async function unwrap<T>(call: Promise<CallResult<T>>): Promise<T> {
  const result = await settle(call);
  return result.data as T;
}

/** For calls that answer 204 No Content. */
export async function unwrapEmpty(call: Promise<CallResult<unknown>>): Promise<void> {
  await settle(call);
}

/** A sentence for the user out of whatever an API call returned or threw as its error. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (isProblem(error)) return error.detail;
  if (error instanceof TypeError) return OFFLINE_MESSAGE;
  return FALLBACK_MESSAGE;
}

/** The 422 messages of a request body, by field path ("name", "items.0.sets"), so a form can
 * show each one beside its field. */
export function fieldErrors(error: unknown): Record<string, string> {
  const problem = error instanceof ApiError ? error.problem : isProblem(error) ? error : undefined;
  const result: Record<string, string> = {};
  for (const entry of problem?.errors ?? []) {
    const [where, ...path] = entry.loc;
    if (where !== "body" || path.length === 0) continue;
    const key = path.join(".");
    result[key] ??= entry.msg.replace(/^Value error, /, "");
  }
  return result;
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}
