// drizzle-kit: generates SQL migrations from schema/ into migrations/ (applied by dev/migrate.ts).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "mysql",
  schema: "./schema/index.ts",
  out: "./migrations",
});
