CREATE TABLE `deleted_accounts` (
	`id` int unsigned NOT NULL,
	`deleted_at` datetime(3) NOT NULL,
	CONSTRAINT `deleted_accounts_id` PRIMARY KEY(`id`)
);
