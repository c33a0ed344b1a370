ALTER TABLE `contribution` ADD `shown_seq` integer;--> statement-breakpoint
ALTER TABLE `response` ADD `answered_seq` integer;