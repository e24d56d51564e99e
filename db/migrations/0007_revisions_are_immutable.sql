-- A question revision and its choices never change once written: attempts, reviews and item statistics point at
-- the revision a resident saw, and every process keeps revisions it has read (questions.server.ts). An edit
-- writes a new revision; these triggers make that the only way.
CREATE TRIGGER `question_revisions_no_update` BEFORE UPDATE ON `question_revisions` BEGIN
  SELECT RAISE(ABORT, 'question revisions are never changed: write a new revision');
END;
--> statement-breakpoint
CREATE TRIGGER `question_revisions_no_delete` BEFORE DELETE ON `question_revisions` BEGIN
  SELECT RAISE(ABORT, 'question revisions are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `choices_no_update` BEFORE UPDATE ON `choices` BEGIN
  SELECT RAISE(ABORT, 'choices are never changed: write a new revision');
END;
--> statement-breakpoint
CREATE TRIGGER `choices_no_delete` BEFORE DELETE ON `choices` BEGIN
  SELECT RAISE(ABORT, 'choices are never deleted');
END;
