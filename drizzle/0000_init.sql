CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_log_org_at_idx` ON `audit_log` (`organisation_id`,`at`);--> statement-breakpoint
CREATE TABLE `auth_session` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `staff_user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_session_user_idx` ON `auth_session` (`user_id`);--> statement-breakpoint
CREATE TABLE `capacity_review` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`answers` text NOT NULL,
	`occasion` text DEFAULT 'preparation' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `capacity_review_dialogue_idx` ON `capacity_review` (`dialogue_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dialogue` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`codename` text NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`community_kind` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'preparing' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dialogue_org_idx` ON `dialogue` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `dialogue_org_codename_unique` ON `dialogue` (`organisation_id`,`codename`);--> statement-breakpoint
CREATE TABLE `dialogue_facilitator` (
	`dialogue_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`impartiality_declared_at` integer,
	`impartiality_note` text DEFAULT '' NOT NULL,
	`assigned_at` integer NOT NULL,
	PRIMARY KEY(`dialogue_id`, `user_id`),
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `staff_user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `dialogue_plan` (
	`dialogue_id` text PRIMARY KEY NOT NULL,
	`pause_by` text DEFAULT '' NOT NULL,
	`step_out` text DEFAULT '' NOT NULL,
	`safety_notes` text DEFAULT '' NOT NULL,
	`opening_ceremony` text DEFAULT '' NOT NULL,
	`closing_ceremony` text DEFAULT '' NOT NULL,
	`seating` text DEFAULT '' NOT NULL,
	`accessibility` text DEFAULT '' NOT NULL,
	`scheduled_for` text DEFAULT '' NOT NULL,
	`venue` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ground_rule` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`text` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ground_rule_dialogue_idx` ON `ground_rule` (`dialogue_id`);--> statement-breakpoint
CREATE TABLE `knowledge_item` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`url` text,
	`position` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `knowledge_item_dialogue_idx` ON `knowledge_item` (`dialogue_id`);--> statement-breakpoint
CREATE TABLE `live_session` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text,
	`machine_version` integer NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`snapshot` text NOT NULL,
	`phase` text NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meta_key_unique` ON `meta` (`key`);--> statement-breakpoint
CREATE TABLE `one_time_token` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `staff_user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `one_time_token_user_idx` ON `one_time_token` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `risk_attestation` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`assessed_on` text NOT NULL,
	`holder_role` text NOT NULL,
	`attested_by` text,
	`attested_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `risk_attestation_dialogue_idx` ON `risk_attestation` (`dialogue_id`,`attested_at`);--> statement-breakpoint
CREATE TABLE `session_event` (
	`session_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`audience` text DEFAULT 'all' NOT NULL,
	`actor_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `seq`),
	FOREIGN KEY (`session_id`) REFERENCES `live_session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `staff_user` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_user_email_unique` ON `staff_user` (`email`);--> statement-breakpoint
CREATE INDEX `staff_user_org_idx` ON `staff_user` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `stakeholder_group` (
	`id` text PRIMARY KEY NOT NULL,
	`dialogue_id` text NOT NULL,
	`name` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`timing` text DEFAULT '' NOT NULL,
	`messenger` text DEFAULT '' NOT NULL,
	`decision` text DEFAULT 'pending' NOT NULL,
	`informed_on` text,
	`decision_note` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`dialogue_id`) REFERENCES `dialogue`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `stakeholder_group_dialogue_idx` ON `stakeholder_group` (`dialogue_id`);