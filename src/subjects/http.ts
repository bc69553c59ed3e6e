export interface FetchJsonOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Sent as a JSON POST body when given. */
  body?: unknown;
}

export interface FetchStatusOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  method: 'DELETE' | 'GET' | 'POST';
  /** Statuses that answer the question rather than fail it (e.g. 404 for "not there"). */
  acceptedStatuses?: readonly number[];
}

/** GETs (or POSTs) a URL and parses JSON, failing on a timeout or a non-2xx answer. */
export function fetchJson<T>(url: string, options: FetchJsonOptions): Promise<T> {
  const init: RequestInit =
    options.body === undefined
      ? {}
      : { method: 'POST', body: JSON.stringify(options.body), headers: { 'content-type': 'application/json' } };
  return withDeadline(options, async (signal) => {
    const response = await send(url, { ...init, signal });
    await failUnlessOk(url, response);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new Error(`${url}: ${signal.aborted ? describeFetchError(signal.reason) : `unreadable answer (${describeFetchError(error)})`}`, { cause: error });
    }
  });
}

/** Sends a request whose answer is its status alone; fails on a timeout or an unexpected status. */
export function fetchStatus(url: string, options: FetchStatusOptions): Promise<number> {
  return withDeadline(options, async (signal) => {
    const response = await send(url, { method: options.method, signal });
    if (!options.acceptedStatuses?.includes(response.status)) await failUnlessOk(url, response);
    await response.body?.cancel().catch(() => {});
    return response.status;
  });
}

/**
 * Runs a request under a timer we hold ourselves, linked to the caller's
 * signal. On Node 20 a timeout signal joined with AbortSignal.any() can be
 * collected and never fire, and a request to a frozen (paused) member would
 * then wait forever.
 */
async function withDeadline<T>(
  options: { timeoutMs: number; signal?: AbortSignal },
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), options.timeoutMs);
  const forward = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) forward();
  try {
    return await request(controller.signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}

async function send(url: string, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new Error(`${url}: ${describeFetchError(init.signal.reason ?? error)}`, { cause: error });
  }
}

async function failUnlessOk(url: string, response: Response): Promise<void> {
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}
