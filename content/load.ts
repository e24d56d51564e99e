import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import {
  questionFileSchema,
  skillsFileSchema,
  topicsFileSchema,
  type QuestionInput,
  type Skill,
  type Topic,
} from "./schema.ts";
import { missingGlyphs } from "#app/utils/screen-image.server.ts";

export type ContentProblem = { file: string; line: number; reason: string };
export type BankQuestion = QuestionInput & { topicId: string };
export type LoadedBank = {
  topics: Topic[];
  skills: Skill[];
  questions: BankQuestion[];
  problems: ContentProblem[];
};

export const contentRoot = path.resolve(import.meta.dirname);

function parseYaml(file: string, problems: ContentProblem[]) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter });
  const relative = path.relative(process.cwd(), file);
  for (const error of doc.errors) {
    problems.push({
      file: relative,
      line: error.linePos?.[0].line ?? 1,
      reason: error.message.split("\n")[0]!,
    });
  }
  const lineOf = (issuePath: readonly PropertyKey[]): number => {
    // Walk up the path until a node with a position is found.
    for (let depth = issuePath.length; depth >= 0; depth--) {
      const node = doc.getIn(issuePath.slice(0, depth) as unknown[], true) as
        { range?: [number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  return { data: doc.errors.length ? undefined : (doc.toJS() as unknown), relative, lineOf };
}

/** The first text of a screen description with characters the picture's fonts lack, and those characters. */
function undrawable(
  value: unknown,
  at: (string | number)[] = [],
): { path: (string | number)[]; chars: string[] } | undefined {
  if (typeof value === "string") {
    const chars = missingGlyphs(value);
    return chars.length ? { path: at, chars } : undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = undrawable(item, [...at, Array.isArray(value) ? Number(key) : key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Reads topics and every question file, reporting each problem with its file and line. */
export function loadQuestionBank(root = contentRoot): LoadedBank {
  const problems: ContentProblem[] = [];
  const topicsFile = parseYaml(path.join(root, "topics.yaml"), problems);
  const topicsResult = topicsFileSchema.safeParse(topicsFile.data);
  const topics = topicsResult.success ? topicsResult.data : [];
  if (!topicsResult.success && topicsFile.data !== undefined) {
    for (const issue of topicsResult.error.issues) {
      problems.push({
        file: topicsFile.relative,
        line: topicsFile.lineOf(issue.path),
        reason: issue.message,
      });
    }
  }
  const topicIds = new Set(topics.map((t) => t.id));
  const skillsFile = parseYaml(path.join(root, "skills.yaml"), problems);
  const skillsResult = skillsFileSchema.safeParse(skillsFile.data);
  const skills = skillsResult.success ? skillsResult.data : [];
  if (!skillsResult.success && skillsFile.data !== undefined) {
    for (const issue of skillsResult.error.issues) {
      problems.push({
        file: skillsFile.relative,
        line: skillsFile.lineOf(issue.path),
        reason: issue.message,
      });
    }
  }
  const skillIds = new Set(skills.map((s) => s.id));
  const questions: BankQuestion[] = [];
  const seen = new Map<string, string>();
  const folder = path.join(root, "questions");
  for (const name of fs
    .readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const parsed = parseYaml(path.join(folder, name), problems);
    if (parsed.data === undefined) continue;
    const result = questionFileSchema.safeParse(parsed.data);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({
          file: parsed.relative,
          line: parsed.lineOf(issue.path),
          reason: `${issue.path.join(".")}: ${issue.message}`,
        });
      }
      continue;
    }
    const { topic, questions: fileQuestions } = result.data;
    if (!topicIds.has(topic)) {
      problems.push({
        file: parsed.relative,
        line: parsed.lineOf(["topic"]),
        reason: `chủ đề "${topic}" không có trong topics.yaml`,
      });
      continue;
    }
    fileQuestions.forEach((q, index) => {
      const where = seen.get(q.id);
      if (where) {
        problems.push({
          file: parsed.relative,
          line: parsed.lineOf(["questions", index, "id"]),
          reason: `id "${q.id}" trùng với ${where}`,
        });
        return;
      }
      seen.set(q.id, parsed.relative);
      if (q.image && !fs.existsSync(path.join(root, "images", q.image))) {
        problems.push({
          file: parsed.relative,
          line: parsed.lineOf(["questions", index, "image"]),
          reason: `không tìm thấy ảnh ${q.image}`,
        });
      }
      q.choices.forEach((c, choice) => {
        if (c.image && !fs.existsSync(path.join(root, "images", c.image))) {
          problems.push({
            file: parsed.relative,
            line: parsed.lineOf(["questions", index, "choices", choice, "image"]),
            reason: `không tìm thấy ảnh ${c.image}`,
          });
        }
      });
      if (q.skill && !skillIds.has(q.skill)) {
        problems.push({
          file: parsed.relative,
          line: parsed.lineOf(["questions", index, "skill"]),
          reason: `kỹ năng "${q.skill}" không có trong skills.yaml`,
        });
      }
      if (q.screen) {
        const drawn = undrawable(q.screen);
        if (drawn) {
          problems.push({
            file: parsed.relative,
            line: parsed.lineOf(["questions", index, "screen", ...drawn.path]),
            reason: `screen.${drawn.path.join(".")}: ảnh không vẽ được ký tự ${drawn.chars.map((c) => `“${c}”`).join(", ")} (biểu tượng cảm xúc, ký tự lạ): hãy bỏ hoặc viết bằng lời`,
          });
        }
      }
      questions.push({ ...q, topicId: topic });
    });
  }
  return { topics, skills, questions, problems };
}
