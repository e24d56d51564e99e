CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attempt_extensions` (
	`attempt_id` integer NOT NULL,
	`outage_id` integer NOT NULL,
	`ms` integer NOT NULL,
	`deadline_before` integer NOT NULL,
	`deadline_after` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `outage_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outage_id`) REFERENCES `outages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`unit_id` integer,
	`before` text,
	`after` text,
	`reason` text,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE TABLE `fair_play_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`attempt_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`evidence` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fair_play_flags_attempt_kind_idx` ON `fair_play_flags` (`attempt_id`,`kind`);--> statement-breakpoint
CREATE INDEX `fair_play_flags_round_status_idx` ON `fair_play_flags` (`round_id`,`status`);--> statement-breakpoint
CREATE TABLE `known_devices` (
	`token_hash` blob NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	PRIMARY KEY(`token_hash`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `known_devices_user_idx` ON `known_devices` (`user_id`);--> statement-breakpoint
CREATE TABLE `outages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_at` integer NOT NULL,
	`to_at` integer NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_start` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limits_expires_idx` ON `rate_limits` (`expires_at`);--> statement-breakpoint
CREATE TABLE `registration_allowances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`per_hour` integer NOT NULL,
	`reason` text NOT NULL,
	`expires_at` integer NOT NULL,
	`granted_by` integer NOT NULL,
	`granted_at` integer NOT NULL,
	`revoked_by` integer,
	`revoked_at` integer,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `registration_allowances_expires_idx` ON `registration_allowances` (`expires_at`);--> statement-breakpoint
CREATE TABLE `registration_refusals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`unit_id` integer,
	`limit` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `registration_refusals_at_idx` ON `registration_refusals` (`at`);--> statement-breakpoint
CREATE TABLE `round_unit_results` (
	`round_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`depth` integer NOT NULL,
	`rank` integer NOT NULL,
	`participants` integer NOT NULL,
	`population` integer,
	`rate_points` real NOT NULL,
	`prize_points` real NOT NULL,
	`points` real NOT NULL,
	PRIMARY KEY(`round_id`, `unit_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `round_unit_results_rank_idx` ON `round_unit_results` (`round_id`,`depth`,`rank`);--> statement-breakpoint
CREATE TABLE `round_winners` (
	`round_id` integer NOT NULL,
	`tier_index` integer NOT NULL,
	`label` text NOT NULL,
	`rank` integer NOT NULL,
	`user_id` integer NOT NULL,
	`unit_id` integer,
	`attempt_id` integer,
	`score` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`prediction_gap` integer,
	PRIMARY KEY(`round_id`, `rank`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `server_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`beat_at` integer NOT NULL,
	`stopped_at` integer
);
--> statement-breakpoint
CREATE INDEX `server_runs_beat_idx` ON `server_runs` (`beat_at`);--> statement-breakpoint
ALTER TABLE `attempts` ADD `paused_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `attempts` ADD `start_address` text;--> statement-breakpoint
ALTER TABLE `attempts` ADD `disqualified_at` integer;--> statement-breakpoint
ALTER TABLE `attempts` ADD `disqualified_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `attempts` ADD `disqualification_reason` text;--> statement-breakpoint
CREATE INDEX `attempts_round_started_idx` ON `attempts` (`round_id`,`started_at`);--> statement-breakpoint
ALTER TABLE `contests` ADD `rules_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `contests` ADD `banner_image` text REFERENCES images(id);--> statement-breakpoint
ALTER TABLE `contests` ADD `created_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contests` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `question_events` ADD `override` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `reserved` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `registered_address` text;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled_at` integer;