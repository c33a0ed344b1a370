CREATE TABLE `safeguarding_record` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`dialogue_id` text NOT NULL,
	`dialogue_codename` text NOT NULL,
	`session_id` text,
	`contribution_id` text,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`reasons` text DEFAULT '[]' NOT NULL,
	`phase` text NOT NULL,
	`contributed_at` integer NOT NULL,
	`recorded_by` text,
	`recorded_by_name` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`action` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`retain_until` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`contribution_id`) REFERENCES `contribution`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recorded_by`) REFERENCES `staff_user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `safeguarding_contribution_unique` ON `safeguarding_record` (`contribution_id`);--> statement-breakpoint
CREATE INDEX `safeguarding_organisation_idx` ON `safeguarding_record` (`organisation_id`,`recorded_at`);--> statement-breakpoint
CREATE INDEX `safeguarding_retain_idx` ON `safeguarding_record` (`retain_until`);