// Question revisions and their choices are written once (migration 0007): attempts, reviews and item statistics
// point at the revision a resident saw, and every process keeps the revisions it has read (revisionAsShown).
import { eq, isNotNull } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { questions } from "#db/schema.ts";
import { questionOnScreen, revisionAsShown } from "#app/models/questions.server.ts";
import { db } from "#app/utils/db.server.ts";
import { publishEdit } from "./fixtures.ts";

const sqlite = db.$client;
const publishedRevision = () =>
  db
    .select({ id: questions.publishedRevisionId })
    .from(questions)
    .where(isNotNull(questions.publishedRevisionId))
    .limit(1)
    .get()!.id!;

describe("question revisions", () => {
  test("cannot be changed or deleted, nor can their choices, by any connection", () => {
    const revisionId = publishedRevision();
    const choiceId = (
      sqlite.prepare("SELECT id FROM choices WHERE revision_id = ?").get(revisionId) as { id: number }
    ).id;
    const refused = [
      ["UPDATE question_revisions SET text = 'Sửa lén' WHERE id = ?", revisionId],
      ["DELETE FROM question_revisions WHERE id = ?", revisionId],
      ["UPDATE choices SET is_correct = 1 - is_correct WHERE id = ?", choiceId],
      ["DELETE FROM choices WHERE id = ?", choiceId],
    ] as const;
    for (const [statement, id] of refused)
      expect(() => sqlite.prepare(statement).run(id), statement).toThrow(/never (changed|deleted)/);
  });

  test("are read once and kept; an edit is a new revision, shown as such", () => {
    const revisionId = publishedRevision();
    const first = revisionAsShown(revisionId)!;
    expect(revisionAsShown(revisionId)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);

    const edited = publishEdit(sqlite, revisionId, { text: "Câu hỏi đã sửa: mật khẩu mạnh là gì?" });
    expect(revisionAsShown(edited)!.text).toBe("Câu hỏi đã sửa: mật khẩu mạnh là gì?");
    expect(revisionAsShown(revisionId)!.text).toBe(first.text);
    const [choiceId, choice] = [...revisionAsShown(edited)!.choices][0]!;
    const onScreen = questionOnScreen(edited, [choiceId])!;
    expect(onScreen.choices).toEqual([
      { place: 1, text: choice.text, image: choice.image, imageAlt: choice.imageAlt },
    ]);
    // Nothing of the key reaches a question's screen.
    expect(JSON.stringify(onScreen)).not.toMatch(/correct/i);
    expect(db.select().from(questions).where(eq(questions.publishedRevisionId, edited)).all()).toHaveLength(
      1,
    );
    expect(revisionAsShown(999_999_999)).toBeUndefined();
  });
});
