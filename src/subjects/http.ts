export interface FetchJsonOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Sent as a JSON POST body when given. */
  body?: unknown;
}

/** GETs (or POSTs) a URL and parses JSON, failing on a timeout or a non-2xx answer. */
export async function fetchJson<T>(url: string, options: FetchJsonOptions): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const init: RequestInit =
    options.body === undefined
      ? { signal }
      : { signal, method: 'POST', body: JSON.stringify(options.body), headers: { 'content-type': 'application/json' } };
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Error(`${url}: ${describeFetchError(error)}`, { cause: error });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 200)}`);
  }
  return (await response.json()) as T;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}
