CREATE TABLE `users` (
	`id` int unsigned NOT NULL,
	`username` varchar(32) NOT NULL,
	`email` varchar(254) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`nickname` varchar(64) NOT NULL,
	`avatar_url` varchar(512),
	`bio` varchar(280) NOT NULL DEFAULT '',
	`sex` enum('unknown','male','female','other') NOT NULL DEFAULT 'unknown',
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username_unique` UNIQUE(`username`),
	CONSTRAINT `users_email_unique` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `friend_requests` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`from_user_id` int unsigned NOT NULL,
	`to_user_id` int unsigned NOT NULL,
	`message` varchar(200) NOT NULL DEFAULT '',
	`status` enum('pending','accepted','rejected','cancelled') NOT NULL DEFAULT 'pending',
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `friend_requests_id` PRIMARY KEY(`id`),
	CONSTRAINT `friend_requests_pair` UNIQUE(`from_user_id`,`to_user_id`)
);
--> statement-breakpoint
CREATE TABLE `friendships` (
	`user_id` int unsigned NOT NULL,
	`friend_id` int unsigned NOT NULL,
	`alias` varchar(64) NOT NULL DEFAULT '',
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `friendships_user_id_friend_id_pk` PRIMARY KEY(`user_id`,`friend_id`)
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` varchar(40) NOT NULL,
	`conversation_key` varchar(40) NOT NULL,
	`seq` bigint unsigned NOT NULL,
	`sender_id` int unsigned NOT NULL,
	`recipient_id` int unsigned NOT NULL,
	`client_msg_id` varchar(64) NOT NULL,
	`kind` enum('text') NOT NULL DEFAULT 'text',
	`body` text,
	`status` enum('sent','delivered','read','recalled') NOT NULL DEFAULT 'sent',
	`sent_at` datetime(3) NOT NULL,
	`delivered_at` datetime(3),
	`read_at` datetime(3),
	`recalled_at` datetime(3),
	CONSTRAINT `messages_id` PRIMARY KEY(`id`),
	CONSTRAINT `messages_conversation_seq` UNIQUE(`conversation_key`,`seq`),
	CONSTRAINT `messages_sender_client_id` UNIQUE(`sender_id`,`client_msg_id`)
);
--> statement-breakpoint
CREATE INDEX `friend_requests_to` ON `friend_requests` (`to_user_id`,`status`);--> statement-breakpoint
CREATE INDEX `messages_recipient` ON `messages` (`recipient_id`,`sent_at`);