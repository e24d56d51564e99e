ALTER TABLE `registration_allowances` ADD `unit_id` integer REFERENCES units(id);--> statement-breakpoint
ALTER TABLE `rounds` ADD `flags_scanned_at` integer;--> statement-breakpoint
-- Grants made before units were recorded belong to their organiser's unit (an admin's stay admins' only).
UPDATE `registration_allowances` SET `unit_id` = (
  SELECT `scope_unit_id` FROM `users` WHERE `users`.`id` = `registration_allowances`.`granted_by` AND `users`.`role` = 'organiser'
);
--> statement-breakpoint
-- Closing a round has always scanned it, at the time it closed.
UPDATE `rounds` SET `flags_scanned_at` = `closed_at` WHERE `closed_at` IS NOT NULL;
