// Marks a failure of an external service (MySQL, Redis, mail) so it is served as a 503.

export type Dependency = "mysql" | "redis" | "mail";

export class DependencyError extends Error {
  override readonly name = "DependencyError";
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${dependency} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Finds a DependencyError anywhere in an error's cause chain (drizzle wraps driver errors). */
export function findDependencyError(err: unknown): DependencyError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof DependencyError) return e;
  }
  return undefined;
}
