/**
 * A staff member's client of the listening API: real HTTP through Node's fetch (keep-alive).
 * Any answer that is not 2xx fails the benchmark: a fast error is not a measurement.
 */
export function staffClient(baseUrl, token) {
  return async function call(method, path, body) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
}
