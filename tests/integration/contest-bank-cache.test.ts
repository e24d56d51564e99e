import Database from "better-sqlite3";
import { afterAll, describe, expect, test } from "vitest";
import { getDrawableQuestions } from "#app/models/questions.server.ts";
import { publishEdit } from "./fixtures.ts";

// Another worker of the cluster: its own connection to the same file.
const otherWorker = new Database(process.env.DATABASE_PATH!);
afterAll(() => otherWorker.close());

describe("the contest bank kept in memory", () => {
  test("follows changes made by any process: a question unpublished, republished, edited", async () => {
    const before = await getDrawableQuestions(["lua-dao"]);
    expect(before.length).toBeGreaterThan(3);
    // The same mix again comes from memory, as the very same list.
    expect(await getDrawableQuestions(["lua-dao"])).toBe(before);
    const target = before[1]!;
    const { questionId } = otherWorker
      .prepare("SELECT id AS questionId FROM questions WHERE published_revision_id = ?")
      .get(target.revisionId) as { questionId: string };

    otherWorker.prepare("UPDATE questions SET published_revision_id = NULL WHERE id = ?").run(questionId);
    const without = await getDrawableQuestions(["lua-dao"]);
    expect(without.map((q) => q.revisionId)).toEqual(
      before.filter((q) => q !== target).map((q) => q.revisionId),
    );

    otherWorker
      .prepare("UPDATE questions SET published_revision_id = ? WHERE id = ?")
      .run(target.revisionId, questionId);
    const republished = await getDrawableQuestions(["lua-dao"]);
    expect(republished.map((q) => q.revisionId)).toEqual(before.map((q) => q.revisionId));

    // An edit publishes a new revision, here with the choices in the other order.
    const edited = publishEdit(otherWorker, target.revisionId, {}, true);
    const after = await getDrawableQuestions(["lua-dao"]);
    expect(after.map((q) => q.revisionId).sort()).toEqual(
      before.map((q) => (q === target ? edited : q.revisionId)).sort(),
    );
    const choiceTexts = (ids: readonly number[]) =>
      ids.map(
        (id) =>
          (otherWorker.prepare("SELECT text FROM choices WHERE id = ?").get(id) as { text: string }).text,
      );
    const editedChoices = after.find((q) => q.revisionId === edited)!.choiceIds;
    expect(choiceTexts(editedChoices)).toEqual(choiceTexts(target.choiceIds).reverse());
  });

  test("the kept list cannot be changed by a caller", async () => {
    const bank = await getDrawableQuestions(["lua-dao"]);
    expect(() => (bank as unknown[]).push({})).toThrow(TypeError);
    expect(() => (bank[0]!.choiceIds as number[]).push(1)).toThrow(TypeError);
    expect((await getDrawableQuestions(["lua-dao"])).length).toBe(bank.length);
  });
});
