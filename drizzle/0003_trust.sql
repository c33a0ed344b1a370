CREATE TABLE `known_device` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `staff_user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `known_device_user_idx` ON `known_device` (`user_id`);--> statement-breakpoint
ALTER TABLE `contribution` ADD `late` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `contribution` ADD `shown_seq` integer;--> statement-breakpoint
ALTER TABLE `response` ADD `answered_seq` integer;