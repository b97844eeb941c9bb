// The database truth: every table QChat keeps in MySQL. Migrations are generated from here.
export * from "./users";
export * from "./friends";
export * from "./messages";
export * from "./groups";
export * from "./files";
export * from "./blocks";
