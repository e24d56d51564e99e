CREATE TABLE `bank_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `board_rank_cells` (
	`board` text NOT NULL,
	`score` integer NOT NULL,
	`gap_key` integer NOT NULL,
	`second` integer NOT NULL,
	`entries` integer NOT NULL,
	PRIMARY KEY(`board`, `score`, `gap_key`, `second`)
);

--> statement-breakpoint
INSERT INTO `board_rank_cells` (`board`, `score`, `gap_key`, `second`, `entries`)
SELECT `board`, `score`, coalesce(`prediction_gap`, -1), `duration_ms` / 1000, count(*)
FROM `board_entries` GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER `board_rank_cells_on_insert` AFTER INSERT ON `board_entries` BEGIN
  INSERT INTO `board_rank_cells` (`board`, `score`, `gap_key`, `second`, `entries`)
  VALUES (NEW.`board`, NEW.`score`, coalesce(NEW.`prediction_gap`, -1), NEW.`duration_ms` / 1000, 1)
  ON CONFLICT (`board`, `score`, `gap_key`, `second`) DO UPDATE SET `entries` = `entries` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `board_rank_cells_on_delete` AFTER DELETE ON `board_entries` BEGIN
  UPDATE `board_rank_cells` SET `entries` = `entries` - 1
  WHERE `board` = OLD.`board` AND `score` = OLD.`score` AND `gap_key` = coalesce(OLD.`prediction_gap`, -1)
    AND `second` = OLD.`duration_ms` / 1000;
END;
--> statement-breakpoint
CREATE TRIGGER `board_rank_cells_on_update` AFTER UPDATE OF `board`, `score`, `prediction_gap`, `duration_ms` ON `board_entries`
WHEN (OLD.`board`, OLD.`score`, coalesce(OLD.`prediction_gap`, -1), OLD.`duration_ms` / 1000)
  IS NOT (NEW.`board`, NEW.`score`, coalesce(NEW.`prediction_gap`, -1), NEW.`duration_ms` / 1000)
BEGIN
  UPDATE `board_rank_cells` SET `entries` = `entries` - 1
  WHERE `board` = OLD.`board` AND `score` = OLD.`score` AND `gap_key` = coalesce(OLD.`prediction_gap`, -1)
    AND `second` = OLD.`duration_ms` / 1000;
  INSERT INTO `board_rank_cells` (`board`, `score`, `gap_key`, `second`, `entries`)
  VALUES (NEW.`board`, NEW.`score`, coalesce(NEW.`prediction_gap`, -1), NEW.`duration_ms` / 1000, 1)
  ON CONFLICT (`board`, `score`, `gap_key`, `second`) DO UPDATE SET `entries` = `entries` + 1;
END;
--> statement-breakpoint
INSERT INTO `bank_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_questions_insert` AFTER INSERT ON `questions` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_questions_delete` AFTER DELETE ON `questions` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_questions_update` AFTER UPDATE OF `topic_id`, `published_revision_id` ON `questions` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_question_revisions_insert` AFTER INSERT ON `question_revisions` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_question_revisions_delete` AFTER DELETE ON `question_revisions` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_question_revisions_update` AFTER UPDATE OF `skill_id` ON `question_revisions` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_choices_insert` AFTER INSERT ON `choices` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_choices_delete` AFTER DELETE ON `choices` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `bank_version_on_choices_update` AFTER UPDATE OF `revision_id`, `position` ON `choices` BEGIN
  UPDATE `bank_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
