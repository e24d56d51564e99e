CREATE TABLE `assisted_registrations` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`helper_id` integer NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` integer NOT NULL,
	`code_hash` blob,
	`code_expires_at` integer,
	`code_used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`helper_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `certificates` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`attempt_id` integer NOT NULL,
	`round_id` integer NOT NULL,
	`tier_index` integer,
	`prize_label` text,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_idx` ON `certificates` (`attempt_id`) WHERE kind = 'completion';--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_prize_idx` ON `certificates` (`attempt_id`,`tier_index`) WHERE kind = 'prize';--> statement-breakpoint
CREATE INDEX `certificates_user_idx` ON `certificates` (`user_id`);--> statement-breakpoint
CREATE TABLE `class_members` (
	`class_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`joined_at` integer NOT NULL,
	`removed_at` integer,
	`rejoin_hash` text,
	PRIMARY KEY(`class_id`, `user_id`),
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_members_user_idx` ON `class_members` (`user_id`);--> statement-breakpoint
CREATE INDEX `class_members_rejoin_idx` ON `class_members` (`class_id`,`rejoin_hash`);--> statement-breakpoint
CREATE TABLE `classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`school_id` integer NOT NULL,
	`grade` integer NOT NULL,
	`name` text NOT NULL,
	`join_code` text NOT NULL,
	`teacher_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `classes_join_code_unique` ON `classes` (`join_code`);--> statement-breakpoint
CREATE INDEX `classes_teacher_idx` ON `classes` (`teacher_id`);--> statement-breakpoint
CREATE INDEX `classes_school_idx` ON `classes` (`school_id`);--> statement-breakpoint
CREATE TABLE `community_helpers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`named_by` integer NOT NULL,
	`named_at` integer NOT NULL,
	`ended_at` integer,
	`ended_by` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`named_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `community_helpers_user_idx` ON `community_helpers` (`user_id`,`ended_at`);--> statement-breakpoint
CREATE INDEX `community_helpers_unit_idx` ON `community_helpers` (`unit_id`,`ended_at`);--> statement-breakpoint
CREATE TABLE `homework_classes` (
	`contest_id` integer NOT NULL,
	`class_id` integer NOT NULL,
	PRIMARY KEY(`contest_id`, `class_id`),
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `homework_classes_class_idx` ON `homework_classes` (`class_id`);--> statement-breakpoint
CREATE TABLE `live_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_question_id` integer NOT NULL,
	`player_id` integer NOT NULL,
	`place` integer NOT NULL,
	`correct` integer NOT NULL,
	`points` integer NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`game_question_id`) REFERENCES `live_game_questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`player_id`) REFERENCES `live_players`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_answers_question_player_idx` ON `live_answers` (`game_question_id`,`player_id`);--> statement-breakpoint
CREATE TABLE `live_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`audience` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `live_events_game_idx` ON `live_events` (`game_id`,`id`);--> statement-breakpoint
CREATE TABLE `live_game_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`position` integer NOT NULL,
	`revision_id` integer NOT NULL,
	`choice_order` text NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revision_id`) REFERENCES `question_revisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_game_questions_position_idx` ON `live_game_questions` (`game_id`,`position`);--> statement-breakpoint
CREATE TABLE `live_game_results` (
	`game_id` integer NOT NULL,
	`class_id` integer,
	`player_id` integer NOT NULL,
	`user_id` integer,
	`player_name` text NOT NULL,
	`score` integer NOT NULL,
	`correct_count` integer NOT NULL,
	`rank` integer NOT NULL,
	`finished_at` integer NOT NULL,
	PRIMARY KEY(`game_id`, `player_id`),
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`player_id`) REFERENCES `live_players`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `live_game_results_class_idx` ON `live_game_results` (`class_id`,`finished_at`);--> statement-breakpoint
CREATE TABLE `live_games` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pin` text NOT NULL,
	`host_id` integer NOT NULL,
	`class_id` integer,
	`title` text NOT NULL,
	`status` text DEFAULT 'lobby' NOT NULL,
	`question_index` integer DEFAULT 0 NOT NULL,
	`question_count` integer NOT NULL,
	`time_limit_ms` integer NOT NULL,
	`speed_points` integer DEFAULT true NOT NULL,
	`opened_at` integer,
	`deadline_at` integer,
	`paused_at` integer,
	`remaining_ms` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_games_open_pin_idx` ON `live_games` (`pin`) WHERE finished_at IS NULL;--> statement-breakpoint
CREATE INDEX `live_games_host_idx` ON `live_games` (`host_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `live_players` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`game_id` integer NOT NULL,
	`name` text NOT NULL,
	`user_id` integer,
	`token_hash` blob NOT NULL,
	`joined_at` integer NOT NULL,
	`removed_at` integer,
	`score` integer DEFAULT 0 NOT NULL,
	`streak` integer DEFAULT 0 NOT NULL,
	`correct_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`game_id`) REFERENCES `live_games`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `live_players_game_idx` ON `live_players` (`game_id`,`score`);--> statement-breakpoint
CREATE TABLE `offline_practice_answers` (
	`user_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`revision_id` integer NOT NULL,
	`choice_ids` text NOT NULL,
	`correct` integer NOT NULL,
	`answered_at` integer NOT NULL,
	`synced_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `question_id`, `answered_at`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revision_id`) REFERENCES `question_revisions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `progress_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`source` text NOT NULL,
	`topic_id` text,
	`attempt_id` integer,
	`at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `progress_events_source_idx` ON `progress_events` (`user_id`,`kind`,`source`);--> statement-breakpoint
CREATE INDEX `progress_events_topic_idx` ON `progress_events` (`user_id`,`topic_id`);--> statement-breakpoint
CREATE INDEX `progress_events_attempt_idx` ON `progress_events` (`attempt_id`);--> statement-breakpoint
CREATE TABLE `schools` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`unit_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schools_unit_name_idx` ON `schools` (`unit_id`,`name`);--> statement-breakpoint
CREATE TABLE `share_links` (
	`code` text PRIMARY KEY NOT NULL,
	`attempt_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `share_links_attempt_id_unique` ON `share_links` (`attempt_id`);--> statement-breakpoint
ALTER TABLE `choices` ADD `image_id` text REFERENCES images(id);--> statement-breakpoint
ALTER TABLE `choices` ADD `image_alt` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `kind` text DEFAULT 'contest' NOT NULL;--> statement-breakpoint
ALTER TABLE `practice_sessions` ADD `user_id` integer REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `practice_sessions_user_idx` ON `practice_sessions` (`user_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `questions` ADD `owner_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `users` ADD `school_id` integer REFERENCES schools(id);--> statement-breakpoint
ALTER TABLE `users` ADD `pending_since` integer;