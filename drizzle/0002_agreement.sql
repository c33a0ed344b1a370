CREATE TABLE `commitment` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`dialogue_id` text NOT NULL,
	`proposal_id` text,
	`action` text NOT NULL,
	`owner_role` text NOT NULL,
	`due_on` text,
	`review_how` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`status_note` text DEFAULT '' NOT NULL,
	`status_changed_at` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposal_id`) REFERENCES `contribution`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `commitment_session_idx` ON `commitment` (`session_id`);--> statement-breakpoint
CREATE INDEX `commitment_dialogue_idx` ON `commitment` (`dialogue_id`);--> statement-breakpoint
CREATE TABLE `outcome_report` (
	`session_id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`content` text NOT NULL,
	`generated_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outcome_report_dialogue_idx` ON `outcome_report` (`dialogue_id`);--> statement-breakpoint
ALTER TABLE `live_session` ADD `follow_up_on` text;--> statement-breakpoint
ALTER TABLE `live_session` ADD `purged_at` integer;