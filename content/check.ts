// npm run content:check — validates the question bank and the unit files; exits 1 on any problem.
import fs from "node:fs";
import path from "node:path";
import { unitFileSchema } from "./units/format.ts";
import { contentRoot, loadQuestionBank } from "./load.ts";

const bank = loadQuestionBank();
const problems = [...bank.problems];
const unitsFolder = path.join(contentRoot, "units");
for (const name of fs.readdirSync(unitsFolder).filter((f) => f.endsWith(".json"))) {
  const result = unitFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(unitsFolder, name), "utf8")));
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({
        file: `content/units/${name}`,
        line: 1,
        reason: `${issue.path.join(".")}: ${issue.message}`,
      });
    }
  }
}
for (const p of problems) console.error(`${p.file}:${p.line}: ${p.reason}`);
const byTopic = new Map<string, number>();
for (const q of bank.questions) byTopic.set(q.topicId, (byTopic.get(q.topicId) ?? 0) + 1);
console.log(
  `${bank.questions.length} questions in ${byTopic.size} topics (${[...byTopic].map(([t, n]) => `${t} ${n}`).join(", ")}); ${problems.length} problems`,
);
process.exit(problems.length ? 1 : 0);
