CREATE TABLE `contribution` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`client_request_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`redacted_text` text,
	`moderator_note` text DEFAULT '' NOT NULL,
	`theme_id` text,
	`proposed_role` text DEFAULT '' NOT NULL,
	`resources` text DEFAULT '' NOT NULL,
	`shortlisted` integer DEFAULT false NOT NULL,
	`owner_role` text DEFAULT '' NOT NULL,
	`tied_to` text DEFAULT '' NOT NULL,
	`phase` text NOT NULL,
	`created_at` integer NOT NULL,
	`moderated_at` integer,
	`moderated_by` text,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contribution_request_unique` ON `contribution` (`session_id`,`client_request_id`);--> statement-breakpoint
CREATE INDEX `contribution_session_status_idx` ON `contribution` (`session_id`,`status`);--> statement-breakpoint
CREATE TABLE `endorsement` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`contribution_id` text NOT NULL,
	`voter_key` text,
	`client_request_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contribution_id`) REFERENCES `contribution`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_request_unique` ON `endorsement` (`session_id`,`client_request_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `endorsement_voter_unique` ON `endorsement` (`contribution_id`,`voter_key`);--> statement-breakpoint
CREATE INDEX `endorsement_session_idx` ON `endorsement` (`session_id`);--> statement-breakpoint
CREATE TABLE `participant` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`locale` text,
	`joined_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participant_token_unique` ON `participant` (`token_hash`);--> statement-breakpoint
CREATE INDEX `participant_session_idx` ON `participant` (`session_id`);--> statement-breakpoint
CREATE TABLE `response` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`prompt` text NOT NULL,
	`value` text NOT NULL,
	`voter_key` text,
	`client_request_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `response_request_unique` ON `response` (`session_id`,`client_request_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `response_voter_unique` ON `response` (`session_id`,`prompt`,`voter_key`);--> statement-breakpoint
CREATE INDEX `response_session_prompt_idx` ON `response` (`session_id`,`prompt`);--> statement-breakpoint
CREATE TABLE `theme` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`title` text NOT NULL,
	`answer` text DEFAULT '' NOT NULL,
	`answered_at` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `theme_session_idx` ON `theme` (`session_id`);--> statement-breakpoint
ALTER TABLE `live_session` ADD `join_code` text;--> statement-breakpoint
ALTER TABLE `live_session` ADD `display_token_hash` text;--> statement-breakpoint
ALTER TABLE `live_session` ADD `voter_secret` text;--> statement-breakpoint
ALTER TABLE `live_session` ADD `controls` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `live_session` ADD `review_of` text;--> statement-breakpoint
ALTER TABLE `live_session` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `live_session` ADD `closed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `live_session_join_code_open_unique` ON `live_session` (`join_code`) WHERE "live_session"."closed_at" is null;--> statement-breakpoint
CREATE INDEX `live_session_dialogue_idx` ON `live_session` (`dialogue_id`);