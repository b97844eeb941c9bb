ALTER TABLE `messages` ADD CONSTRAINT `messages_conversation_sender_client_id` UNIQUE(`conversation_key`,`sender_id`,`client_msg_id`);--> statement-breakpoint
ALTER TABLE `messages` DROP INDEX `messages_sender_client_id`;
