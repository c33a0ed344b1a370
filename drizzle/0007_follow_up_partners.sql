CREATE TABLE `alliance_partner` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`kind` text NOT NULL,
	`role` text NOT NULL,
	`organisation` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alliance_partner_dialogue_idx` ON `alliance_partner` (`dialogue_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `milestone` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`due_on` text NOT NULL,
	`what` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`status_changed_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `milestone_dialogue_idx` ON `milestone` (`dialogue_id`,`due_on`);--> statement-breakpoint
ALTER TABLE `contribution` ADD `risk_note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `live_session` ADD `capacity_review_id` text;