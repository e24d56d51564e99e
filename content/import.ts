// npm run content:import — validates content/ and syncs it into the database (DATABASE_PATH). Idempotent:
// unchanged questions are left alone, changed ones get a new revision.
import { importContentFolder } from "#app/models/questions.server.ts";

const report = await importContentFolder();
console.log(`Questions: ${report.created} new, ${report.revised} revised, ${report.unchanged} unchanged.`);
