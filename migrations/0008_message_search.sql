-- Full-text search over message bodies (GET /v1/search/messages). Drizzle's mysql-core cannot
-- declare a FULLTEXT index, so this migration is hand-written and the schema files point here.
-- InnoDB FULLTEXT works on MariaDB (local) and MySQL 8 / PlanetScale alike; a recalled message
-- has a NULL body, so it is never in the index.
ALTER TABLE `messages` ADD FULLTEXT INDEX `messages_body_search` (`body`);
--> statement-breakpoint
ALTER TABLE `group_messages` ADD FULLTEXT INDEX `group_messages_body_search` (`body`);
