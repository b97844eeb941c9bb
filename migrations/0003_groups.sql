CREATE TABLE `group_members` (
	`group_id` varchar(24) NOT NULL,
	`user_id` int unsigned NOT NULL,
	`role` enum('owner','admin','member') NOT NULL,
	`joined_at` datetime(3) NOT NULL,
	`joined_after_seq` bigint unsigned NOT NULL,
	CONSTRAINT `group_members_group_id_user_id_pk` PRIMARY KEY(`group_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `group_messages` (
	`group_id` varchar(24) NOT NULL,
	`seq` bigint unsigned NOT NULL,
	`kind` enum('message','change') NOT NULL,
	`message_id` varchar(40),
	`sender_id` int unsigned NOT NULL,
	`client_msg_id` varchar(64),
	`body` text,
	`mentions` text NOT NULL,
	`mentions_all` boolean NOT NULL DEFAULT false,
	`change` text,
	`sent_at` datetime(3) NOT NULL,
	`recalled_at` datetime(3),
	CONSTRAINT `group_messages_group_id_seq_pk` PRIMARY KEY(`group_id`,`seq`),
	CONSTRAINT `group_messages_message_id` UNIQUE(`message_id`),
	CONSTRAINT `group_messages_sender_client_id` UNIQUE(`group_id`,`sender_id`,`client_msg_id`)
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` varchar(24) NOT NULL,
	`name` varchar(64) NOT NULL,
	`topic` varchar(256) NOT NULL DEFAULT '',
	`avatar_url` varchar(512),
	`owner_id` int unsigned NOT NULL,
	`members_can_invite` boolean NOT NULL DEFAULT false,
	`member_count` int unsigned NOT NULL,
	`last_seq` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`dissolved_at` datetime(3),
	CONSTRAINT `groups_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `group_members_user` ON `group_members` (`user_id`);