// Request parameters as the typed client (hono/client) sends them: text only, escaped by us.

/** A query value: numbers as their digits, undefined left out of the query string. */
export const text = (n: number | undefined) => (n === undefined ? undefined : String(n));

/** A path segment, escaped (hono/client puts parameters into the path as they are). */
export const segment = (value: number | string) => encodeURIComponent(String(value));
