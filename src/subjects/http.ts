export interface FetchJsonOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Sent as a JSON POST body when given. */
  body?: unknown;
}

/** GETs (or POSTs) a URL and parses JSON, failing on a timeout or a non-2xx answer. */
export async function fetchJson<T>(url: string, options: FetchJsonOptions): Promise<T> {
  // A timer we hold ourselves: on Node 20 a timeout signal joined with
  // AbortSignal.any() can be collected and never fire, and a request to a
  // frozen (paused) member would then wait forever.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), options.timeoutMs);
  const forward = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) forward();
  const signal = controller.signal;
  const init: RequestInit =
    options.body === undefined
      ? { signal }
      : { signal, method: 'POST', body: JSON.stringify(options.body), headers: { 'content-type': 'application/json' } };
  try {
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new Error(`${url}: ${describeFetchError(signal.reason ?? error)}`, { cause: error });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    return (await response.json()) as T;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}
