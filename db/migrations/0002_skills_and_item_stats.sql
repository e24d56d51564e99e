CREATE TABLE `question_stats` (
	`question_id` text PRIMARY KEY NOT NULL,
	`answered` integer NOT NULL,
	`correct` integer NOT NULL,
	`top_wrong_text` text,
	`top_wrong_count` integer DEFAULT 0 NOT NULL,
	`median_ms` integer,
	`discrimination` real,
	`upper_count` integer DEFAULT 0 NOT NULL,
	`lower_count` integer DEFAULT 0 NOT NULL,
	`refreshed_at` integer NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `skills` (
	`id` text PRIMARY KEY NOT NULL,
	`area` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `question_revisions` ADD `skill_id` text REFERENCES skills(id);