// Applies the generated Drizzle migrations (migrations/) straight to MariaDB over the MySQL
// protocol. The worker reaches the database through the PlanetScale emulator; schema changes
// do not, because the HTTP API has no multi-statement or DDL-friendly migrator.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/mysql2";
import { migrate } from "drizzle-orm/mysql2/migrator";
import { createConnection } from "mysql2/promise";

export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Written by `drizzle-kit generate` (see drizzle.config.ts); never edited by hand. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

/**
 * Creates the database when missing (utf8mb4, so emoji survive), then applies every migration
 * not yet recorded in `__drizzle_migrations`. Running it again is a no-op.
 */
export async function migrateDatabase(opts: DatabaseTarget, migrationsFolder = MIGRATIONS_DIR): Promise<void> {
  // The name goes into DDL unescaped by the driver, so only allow plain identifiers.
  if (!/^[A-Za-z0-9_]+$/.test(opts.database)) {
    throw new Error(`invalid database name "${opts.database}": use letters, digits and _ only`);
  }
  if (!existsSync(`${migrationsFolder}/meta/_journal.json`)) {
    throw new Error(`no migrations in ${migrationsFolder}: run \`npm run db:generate\` first`);
  }
  const { database, ...server } = opts;
  const admin = await createConnection(server);
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }

  const connection = await createConnection({ ...server, database });
  try {
    await migrate(drizzle(connection), { migrationsFolder });
  } finally {
    await connection.end();
  }
}
