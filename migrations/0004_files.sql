CREATE TABLE `files` (
	`id` varchar(25) NOT NULL,
	`uploader_id` int unsigned NOT NULL,
	`name` varchar(200) NOT NULL,
	`size` bigint unsigned NOT NULL,
	`mime` varchar(64) NOT NULL,
	`sha256` char(64) NOT NULL,
	`width` int unsigned,
	`height` int unsigned,
	`thumbnail_id` varchar(25),
	`created_at` datetime(3) NOT NULL,
	`deleted_at` datetime(3),
	CONSTRAINT `files_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `file_id` varchar(25);--> statement-breakpoint
ALTER TABLE `group_messages` ADD `file_id` varchar(25);--> statement-breakpoint
CREATE INDEX `files_deleted_created` ON `files` (`deleted_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_thumbnail` ON `files` (`thumbnail_id`);--> statement-breakpoint
CREATE INDEX `messages_file` ON `messages` (`file_id`);--> statement-breakpoint
CREATE INDEX `group_messages_file` ON `group_messages` (`file_id`);