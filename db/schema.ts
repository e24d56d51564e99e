import { sql } from "drizzle-orm";
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";
import type { ScreenDescription } from "#content/schema.ts";

// Times are integers: milliseconds since the epoch, from the server's clock.

export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    parentId: integer("parent_id").references((): AnySQLiteColumn => units.id),
    depth: integer("depth").notNull(),
    // "/1/7/42/": the ids from the root down to this unit, for subtree queries with LIKE '/1/7/%'.
    path: text("path").notNull(),
    isLeaf: integer("is_leaf", { mode: "boolean" }).notNull().default(true),
    population: integer("population"),
  },
  (t) => [index("units_parent_idx").on(t.parentId, t.name), index("units_path_idx").on(t.path)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    phone: text("phone").unique(),
    birthYear: integer("birth_year"),
    unitId: integer("unit_id").references(() => units.id),
    role: text("role", { enum: ["resident", "student", "teacher", "organiser", "admin"] })
      .notNull()
      .default("resident"),
    scopeUnitId: integer("scope_unit_id").references(() => units.id),
    passwordHash: text("password_hash"),
    isDemo: integer("is_demo", { mode: "boolean" }).notNull().default(false),
    consentedAt: integer("consented_at"),
    createdAt: integer("created_at").notNull(),
    // The network address the account was registered from, for fair-play review (many accounts, one network).
    registeredAddress: text("registered_address"),
    // Set when an admin disables a console account: it can no longer log in, and its sessions are gone.
    disabledAt: integer("disabled_at"),
    // A teacher's school (app/models/classes.server.ts).
    schoolId: integer("school_id").references((): AnySQLiteColumn => schools.id),
    // A teacher who signed up and waits for an organiser's approval: cannot log in until it is cleared.
    pendingSince: integer("pending_since"),
  },
  (t) => [index("users_unit_idx").on(t.unitId)],
);

// A school, attached to its commune (or ward) so communes and districts can rank their schools.
export const schools = sqliteTable(
  "schools",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("schools_unit_name_idx").on(t.unitId, t.name)],
);

// A teacher's class. Students join with `join_code` (short, unambiguous characters, shown as text and QR).
export const classes = sqliteTable(
  "classes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    schoolId: integer("school_id")
      .notNull()
      .references(() => schools.id),
    grade: integer("grade").notNull(),
    name: text("name").notNull(),
    joinCode: text("join_code").notNull().unique(),
    teacherId: integer("teacher_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    archivedAt: integer("archived_at"),
  },
  (t) => [index("classes_teacher_idx").on(t.teacherId), index("classes_school_idx").on(t.schoolId)],
);

// A student's place in a class. `rejoin_hash` is the SHA-256 of "<class id>:<personal rejoin code>": the
// teacher shows a fresh code when a student changes device (the old one stops working).
export const classMembers = sqliteTable(
  "class_members",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    joinedAt: integer("joined_at").notNull(),
    removedAt: integer("removed_at"),
    rejoinHash: text("rejoin_hash"),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.userId] }),
    index("class_members_user_idx").on(t.userId),
    index("class_members_rejoin_idx").on(t.classId, t.rejoinHash),
  ],
);

// The classes a homework quiz (a contest of kind "homework") is assigned to: only their members may start it.
export const homeworkClasses = sqliteTable(
  "homework_classes",
  {
    contestId: integer("contest_id")
      .notNull()
      .references(() => contests.id),
    classId: integer("class_id")
      .notNull()
      .references(() => classes.id),
  },
  (t) => [
    primaryKey({ columns: [t.contestId, t.classId] }),
    index("homework_classes_class_idx").on(t.classId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const topics = sqliteTable("topics", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
});

// The skills of the basic digital skills framework a question may test (content/skills.yaml, synced at start).
export const skills = sqliteTable("skills", {
  id: text("id").primaryKey(),
  area: text("area").notNull(),
  name: text("name").notNull(),
});

export const questions = sqliteTable(
  "questions",
  {
    id: text("id").primaryKey(),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    // The review state of the latest revision. A published question keeps being drawn at its published
    // revision while a newer edit waits for review.
    status: text("status", { enum: ["draft", "reviewed", "published"] })
      .notNull()
      .default("draft"),
    currentRevisionId: integer("current_revision_id"),
    publishedRevisionId: integer("published_revision_id"),
    origin: text("origin", { enum: ["file", "console"] })
      .notNull()
      .default("file"),
    // Hash of the question as last read from content/, so a file sync does not undo console edits.
    fileHash: text("file_hash"),
    // Lower-case text of the latest revision without diacritics: "lua dao" finds "lừa đảo".
    searchText: text("search_text").notNull().default(""),
    // Kept for contests: not shown in practice while a round that may draw it is open.
    reserved: integer("reserved", { mode: "boolean" }).notNull().default(false),
    updatedAt: integer("updated_at").notNull(),
    // A teacher's own question: visible only to them (and organisers reviewing it) until it is published.
    ownerId: integer("owner_id").references((): AnySQLiteColumn => users.id),
  },
  (t) => [index("questions_topic_status_idx").on(t.topicId, t.status)],
);

// Who moved a question through review, and when.
export const questionEvents = sqliteTable(
  "question_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    revisionId: integer("revision_id").references(() => questionRevisions.id),
    action: text("action", {
      enum: ["created", "edited", "reviewed", "published", "unpublished", "synced", "reserved", "unreserved"],
    }).notNull(),
    // Null when the change came from the reviewed files in content/.
    userId: integer("user_id").references(() => users.id),
    // An admin reviewed a revision they wrote themselves, skipping the second reviewer.
    override: integer("override", { mode: "boolean" }).notNull().default(false),
    at: integer("at").notNull(),
  },
  (t) => [index("question_events_question_idx").on(t.questionId, t.at)],
);

// Question images, already resized for phones; served from /anh/<id>.
export const images = sqliteTable("images", {
  id: text("id").primaryKey(),
  mime: text("mime").notNull(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  createdAt: integer("created_at").notNull(),
});

// A practice run: anyone, no account, not ranked. The token in the URL is the only key.
export const practiceSessions = sqliteTable(
  "practice_sessions",
  {
    id: text("id").primaryKey(),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    // The drawn questions with their choices in the order shown, like an attempt's items.
    items: text("items", { mode: "json" }).$type<{ revisionId: number; choiceOrder: number[] }[]>().notNull(),
    // Slot → chosen choice ids, filled as the resident answers.
    answers: text("answers", { mode: "json" }).$type<Record<string, number[]>>().notNull(),
    createdAt: integer("created_at").notNull(),
    // The signed-in resident who started the run: their right answers earn XP, and the run is kept for their
    // profile (anonymous runs are deleted after a week).
    userId: integer("user_id").references(() => users.id),
  },
  (t) => [index("practice_sessions_user_idx").on(t.userId, t.createdAt)],
);

// A revision never changes once written: attempts point at the revision they drew, and every process keeps the
// revisions it has read. Migration 0007 refuses any UPDATE or DELETE of a revision or a choice.
export const questionRevisions = sqliteTable(
  "question_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    number: integer("number").notNull(),
    type: text("type", { enum: ["single", "multiple", "true_false"] }).notNull(),
    difficulty: integer("difficulty").notNull(),
    text: text("text").notNull(),
    explanation: text("explanation").notNull(),
    source: text("source").notNull(),
    checkedOn: text("checked_on").notNull(),
    image: text("image").references(() => images.id),
    // What the picture shows, for screen readers and for people whose phone did not load it.
    imageAlt: text("image_alt"),
    // The skill the question tests; null for console questions written before skills existed.
    skillId: text("skill_id").references(() => skills.id),
    // The described phone screen the picture was drawn from (files only), so the console can show it.
    screen: text("screen", { mode: "json" }).$type<ScreenDescription>(),
    contentHash: text("content_hash").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("question_revisions_number_idx").on(t.questionId, t.number)],
);

export const choices = sqliteTable(
  "choices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => questionRevisions.id),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    isCorrect: integer("is_correct", { mode: "boolean" }).notNull(),
    // A picture beside the text, for people who read little; its id hashes the stored bytes, so it says
    // nothing about the key.
    imageId: text("image_id").references(() => images.id),
    imageAlt: text("image_alt"),
  },
  (t) => [index("choices_revision_idx").on(t.revisionId, t.position)],
);

export const contests = sqliteTable("contests", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  // "homework": a teacher's quiz for their classes (homework_classes); never listed nor on public boards.
  kind: text("kind", { enum: ["contest", "homework"] })
    .notNull()
    .default("contest"),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  summary: text("summary").notNull(),
  // ContestRules, validated with zod (app/domain/rules.ts) on every read and write.
  rules: text("rules", { mode: "json" }).notNull(),
  scopeUnitId: integer("scope_unit_id").references(() => units.id),
  // draft → published → archived; only published contests are listed for residents.
  status: text("status", { enum: ["draft", "published", "archived"] })
    .notNull()
    .default("draft"),
  createdAt: integer("created_at").notNull(),
  // Markdown written by organisers, rendered on the server without raw HTML.
  rulesText: text("rules_text").notNull().default(""),
  bannerImage: text("banner_image").references(() => images.id),
  createdBy: integer("created_by").references(() => users.id),
  updatedAt: integer("updated_at"),
});

export const rounds = sqliteTable(
  "rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contestId: integer("contest_id")
      .notNull()
      .references(() => contests.id),
    number: integer("number").notNull(),
    opensAt: integer("opens_at").notNull(),
    closesAt: integer("closes_at").notNull(),
    predictionActual: integer("prediction_actual"),
    closedAt: integer("closed_at"),
    // When fair-play detection last ran on the round (the background job, "Quét lại", closing): the queue says so.
    flagsScannedAt: integer("flags_scanned_at"),
  },
  (t) => [uniqueIndex("rounds_contest_number_idx").on(t.contestId, t.number)],
);

export const attempts = sqliteTable(
  "attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    startedAt: integer("started_at").notNull(),
    deadlineAt: integer("deadline_at").notNull(),
    submittedAt: integer("submitted_at"),
    status: text("status", { enum: ["open", "submitted"] })
      .notNull()
      .default("open"),
    questionCount: integer("question_count").notNull(),
    score: integer("score"),
    durationMs: integer("duration_ms"),
    // Time given back for server outages while the attempt was open: not counted in its duration.
    pausedMs: integer("paused_ms").notNull().default(0),
    prediction: integer("prediction"),
    assistedBy: integer("assisted_by").references(() => users.id),
    // The network address the attempt was started from, for the per-address limit and fair-play review.
    startAddress: text("start_address"),
    // An organiser's correction: a disqualified attempt never counts on a board nor wins (reason shown to the resident).
    disqualifiedAt: integer("disqualified_at"),
    disqualifiedBy: integer("disqualified_by").references(() => users.id),
    disqualificationReason: text("disqualification_reason"),
  },
  (t) => [
    index("attempts_user_round_idx").on(t.userId, t.roundId, t.startedAt),
    // The dashboard's per-hour counts and a round's fair-play scan.
    index("attempts_round_started_idx").on(t.roundId, t.startedAt),
    // Finds attempts left open past their deadline, to settle them.
    index("attempts_open_deadline_idx").on(t.status, t.deadlineAt),
  ],
);

export const attemptItems = sqliteTable(
  "attempt_items",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    slot: integer("slot").notNull(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => questionRevisions.id),
    // Choice ids in the order this resident sees them.
    choiceOrder: text("choice_order", { mode: "json" }).$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.slot] })],
);

export const answers = sqliteTable(
  "answers",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    slot: integer("slot").notNull(),
    choiceIds: text("choice_ids", { mode: "json" }).$type<number[]>().notNull(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.slot] })],
);

// Leaderboards, kept current at submit time. A board is "round:<id>" or "contest:<id>".
export const boardEntries = sqliteTable(
  "board_entries",
  {
    board: text("board").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    unitId: integer("unit_id").references(() => units.id),
    attemptId: integer("attempt_id").references(() => attempts.id),
    score: integer("score").notNull(),
    prediction: integer("prediction"),
    // |prediction - actual| once the round is closed; null (ties everyone) before.
    predictionGap: integer("prediction_gap"),
    durationMs: integer("duration_ms").notNull(),
    submittedAt: integer("submitted_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.board, t.userId] }),
    index("board_entries_rank_idx").on(
      t.board,
      sql`${t.score} DESC`,
      t.predictionGap,
      t.durationMs,
      t.submittedAt,
      t.userId,
    ),
  ],
);

// One row per board and unit, for the unit and every ancestor of it.
export const boardUnitStats = sqliteTable(
  "board_unit_stats",
  {
    board: text("board").notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    participants: integer("participants").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    scoreSum: integer("score_sum").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.board, t.unitId] })],
);

// How many entries of a board have each score, so a resident's rank needs no scan of the higher scores.
export const boardScoreCounts = sqliteTable(
  "board_score_counts",
  {
    board: text("board").notNull(),
    score: integer("score").notNull(),
    entries: integer("entries").notNull(),
  },
  (t) => [primaryKey({ columns: [t.board, t.score] })],
);

// How many entries of a board share a score, a prediction gap (-1 for none) and a whole second of duration: a
// resident's place among those tied on score is then a sum over these cells plus a count within their own cell,
// not a count of the whole tie group (a fifth of a million-entry board). Kept by triggers on board_entries
// (migration 0006), so every path that writes an entry keeps it right.
export const boardRankCells = sqliteTable(
  "board_rank_cells",
  {
    board: text("board").notNull(),
    score: integer("score").notNull(),
    gapKey: integer("gap_key").notNull(),
    second: integer("second").notNull(),
    entries: integer("entries").notNull(),
  },
  (t) => [primaryKey({ columns: [t.board, t.score, t.gapKey, t.second] })],
);

// One counter bumped by triggers (migration 0006) whenever the drawable bank changes: a question's topic or
// published revision, a revision's skill, a choice. Attempt starts keep the bank they draw from in memory
// and read it again only when this has moved, in whichever process the change was made.
export const bankVersion = sqliteTable("bank_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull(),
});

// The winners named when a round closes, tier by tier in ranking order; rewritten by a re-close or a correction.
export const roundWinners = sqliteTable(
  "round_winners",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    tierIndex: integer("tier_index").notNull(),
    label: text("label").notNull(),
    // The place among the winners (1 = first), not on the board, where ineligible residents are skipped.
    rank: integer("rank").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    unitId: integer("unit_id").references(() => units.id),
    attemptId: integer("attempt_id").references(() => attempts.id),
    score: integer("score").notNull(),
    durationMs: integer("duration_ms").notNull(),
    predictionGap: integer("prediction_gap"),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.rank] })],
);

// The collective ranking of a closed round: one row per unit below the contest's scope, ranked within its depth.
export const roundUnitResults = sqliteTable(
  "round_unit_results",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    depth: integer("depth").notNull(),
    rank: integer("rank").notNull(),
    participants: integer("participants").notNull(),
    population: integer("population"),
    ratePoints: real("rate_points").notNull(),
    prizePoints: real("prize_points").notNull(),
    points: real("points").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.unitId] }),
    index("round_unit_results_rank_idx").on(t.roundId, t.depth, t.rank),
  ],
);

// Rate limits shared by every server process. A row is either a fixed window (`count` hits since
// `window_start`) or a run of failures (`count` failures, the last at `window_start`); `expires_at` lets old
// rows be pruned and a stale row start over.
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    windowStart: integer("window_start").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("rate_limits_expires_idx").on(t.expiresAt)],
);

// Devices a user has logged in from: the cookie holds a random token, the row its SHA-256. A login from a
// known device is not slowed by failures other devices caused for the same phone.
export const knownDevices = sqliteTable(
  "known_devices",
  {
    tokenHash: blob("token_hash", { mode: "buffer" }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenHash, t.userId] }), index("known_devices_user_idx").on(t.userId)],
);

// A higher registration limit for an address or network (a commune hall, a school), granted by an organiser.
export const registrationAllowances = sqliteTable(
  "registration_allowances",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // One address ("203.0.113.7") or a network in CIDR form ("203.0.113.0/24", "2001:db8::/48").
    address: text("address").notNull(),
    perHour: integer("per_hour").notNull(),
    reason: text("reason").notNull(),
    expiresAt: integer("expires_at").notNull(),
    grantedBy: integer("granted_by")
      .notNull()
      .references(() => users.id),
    grantedAt: integer("granted_at").notNull(),
    revokedBy: integer("revoked_by").references(() => users.id),
    revokedAt: integer("revoked_at"),
    // The granting organiser's unit: organisers of it and above see and revoke the grant; null (an admin's) for
    // admins only.
    unitId: integer("unit_id").references(() => units.id),
  },
  (t) => [index("registration_allowances_expires_idx").on(t.expiresAt)],
);

// Every registration refused by a limit, so the console can show who is being turned away (kept a week).
export const registrationRefusals = sqliteTable(
  "registration_refusals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    address: text("address").notNull(),
    unitId: integer("unit_id").references(() => units.id),
    limit: text("limit", { enum: ["address", "unit", "allowance"] }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("registration_refusals_at_idx").on(t.at)],
);

// Small settings the app keeps between runs (key → value).
export const appState = sqliteTable("app_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

// Each server process while it serves: a heartbeat, so the next start can tell how long nobody was serving.
export const serverRuns = sqliteTable(
  "server_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    host: text("host").notNull(),
    pid: integer("pid").notNull(),
    startedAt: integer("started_at").notNull(),
    beatAt: integer("beat_at").notNull(),
    stoppedAt: integer("stopped_at"),
  },
  (t) => [index("server_runs_beat_idx").on(t.beatAt)],
);

// Times no process was serving, recorded at the next start.
export const outages = sqliteTable("outages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fromAt: integer("from_at").notNull(),
  toAt: integer("to_at").notNull(),
  recordedAt: integer("recorded_at").notNull(),
});

// Time given back to an open attempt for an outage, so every moved deadline is auditable.
export const attemptExtensions = sqliteTable(
  "attempt_extensions",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    outageId: integer("outage_id")
      .notNull()
      .references(() => outages.id),
    ms: integer("ms").notNull(),
    deadlineBefore: integer("deadline_before").notNull(),
    deadlineAfter: integer("deadline_after").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.outageId] })],
);

// Every console action that changes data: who, what, when, and the values before and after (JSON), so an
// admin can answer "who changed this, and from what" long afterwards. Rows are never updated or deleted.
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    // A dotted verb, e.g. "contest.publish", "round.close", "attempt.disqualify", "user.create".
    action: text("action").notNull(),
    // What was acted on: "contest", "round", "attempt", "user", "question", "allowance"…, and its id.
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    // The unit whose organisers may read this entry (the contest's scope, the account's unit…); null: admins only.
    unitId: integer("unit_id").references(() => units.id),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    // The reason an organiser gave (a disqualification, a correction…).
    reason: text("reason"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entity, t.entityId, t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);

// Signs of unfair play found in a round, one per attempt and kind, each with the evidence an organiser reviews
// (JSON), and the decision taken on it: kept so a disqualification can be explained long afterwards.
export const fairPlayFlags = sqliteTable(
  "fair_play_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", {
      enum: ["fast_answers", "shared_network", "twin_answers", "several_phones"],
    }).notNull(),
    evidence: text("evidence", { mode: "json" }).notNull(),
    status: text("status", { enum: ["open", "disqualified", "cleared"] })
      .notNull()
      .default("open"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at"),
    reason: text("reason"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("fair_play_flags_attempt_kind_idx").on(t.attemptId, t.kind),
    index("fair_play_flags_round_status_idx").on(t.roundId, t.status),
  ],
);

// Item statistics per question from submitted, not disqualified contest attempts (app/models/item-stats.server.ts):
// materialised because they read every answer; refreshed when a round closes and on an organiser's request.
export const questionStats = sqliteTable("question_stats", {
  questionId: text("question_id")
    .primaryKey()
    .references(() => questions.id),
  answered: integer("answered").notNull(),
  correct: integer("correct").notNull(),
  // The wrong choice chosen most often (its text, as the revision drawn showed it) and how often.
  topWrongText: text("top_wrong_text"),
  topWrongCount: integer("top_wrong_count").notNull().default(0),
  // Median time from the attempt's previous save (or its start) to this answer's save, in ms.
  medianMs: integer("median_ms"),
  // p_upper − p_lower over the top and bottom 27 % of attempts by score; null when either group is empty.
  discrimination: real("discrimination"),
  upperCount: integer("upper_count").notNull().default(0),
  lowerCount: integer("lower_count").notNull().default(0),
  refreshedAt: integer("refreshed_at").notNull(),
});

// Members of a commune's community digital technology team (tổ công nghệ số cộng đồng), named by an organiser:
// a resident account that may register residents of that commune and take attempts with them on its own phone.
// A membership is ended, never deleted, so an assisted attempt can always be traced to who was a member when.
export const communityHelpers = sqliteTable(
  "community_helpers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    namedBy: integer("named_by")
      .notNull()
      .references(() => users.id),
    namedAt: integer("named_at").notNull(),
    endedAt: integer("ended_at"),
    endedBy: integer("ended_by").references(() => users.id),
  },
  (t) => [
    index("community_helpers_user_idx").on(t.userId, t.endedAt),
    index("community_helpers_unit_idx").on(t.unitId, t.endedAt),
  ],
);

// A resident registered by a helper: the consent they gave (when, to whom, which text), and the one-time code
// (SHA-256, with its expiry) the resident uses once to set their own password on their own phone.
export const assistedRegistrations = sqliteTable("assisted_registrations", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  helperId: integer("helper_id")
    .notNull()
    .references(() => users.id),
  consentVersion: text("consent_version").notNull(),
  consentedAt: integer("consented_at").notNull(),
  codeHash: blob("code_hash", { mode: "buffer" }),
  codeExpiresAt: integer("code_expires_at"),
  codeUsedAt: integer("code_used_at"),
});

// Live class games (app/models/live-games.server.ts, rules in app/domain/live-game.ts). Every state change and
// every answer is a row, so a game survives a restart and any server process can serve any player.
export const liveGames = sqliteTable(
  "live_games",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Six digits, unique among the games not yet finished (a finished game's PIN may be drawn again).
    pin: text("pin").notNull(),
    hostId: integer("host_id")
      .notNull()
      .references(() => users.id),
    classId: integer("class_id").references(() => classes.id),
    title: text("title").notNull(),
    // lobby → question → closed → leaderboard → question … → finished (app/domain/live-game.ts).
    status: text("status", { enum: ["lobby", "question", "closed", "leaderboard", "finished"] })
      .notNull()
      .default("lobby"),
    // The current question's position (1-based; 0 in the lobby).
    questionIndex: integer("question_index").notNull().default(0),
    questionCount: integer("question_count").notNull(),
    timeLimitMs: integer("time_limit_ms").notNull(),
    speedPoints: integer("speed_points", { mode: "boolean" }).notNull().default(true),
    openedAt: integer("opened_at"),
    deadlineAt: integer("deadline_at"),
    // While paused: when, and the time the open question had left.
    pausedAt: integer("paused_at"),
    remainingMs: integer("remaining_ms"),
    createdAt: integer("created_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    uniqueIndex("live_games_open_pin_idx")
      .on(t.pin)
      .where(sql`finished_at IS NULL`),
    index("live_games_host_idx").on(t.hostId, t.createdAt),
  ],
);

// A player is a stable id with a secret (the cookie holds "<id>.<secret>", the row its SHA-256), never a
// connection: a reload or a lost network rejoins with the same name and score.
export const livePlayers = sqliteTable(
  "live_players",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gameId: integer("game_id")
      .notNull()
      .references(() => liveGames.id),
    name: text("name").notNull(),
    userId: integer("user_id").references(() => users.id),
    tokenHash: blob("token_hash", { mode: "buffer" }).notNull(),
    joinedAt: integer("joined_at").notNull(),
    removedAt: integer("removed_at"),
    // Settled when each question closes: total points, consecutive correct answers, correct answers.
    score: integer("score").notNull().default(0),
    streak: integer("streak").notNull().default(0),
    correctCount: integer("correct_count").notNull().default(0),
  },
  (t) => [index("live_players_game_idx").on(t.gameId, t.score)],
);

export const liveGameQuestions = sqliteTable(
  "live_game_questions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gameId: integer("game_id")
      .notNull()
      .references(() => liveGames.id),
    position: integer("position").notNull(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => questionRevisions.id),
    // Choice ids in the order shown (answer buttons 1–4).
    choiceOrder: text("choice_order", { mode: "json" }).$type<number[]>().notNull(),
    closedAt: integer("closed_at"),
  },
  (t) => [uniqueIndex("live_game_questions_position_idx").on(t.gameId, t.position)],
);

// One answer per player and question: the primary key refuses a second one (INSERT … ON CONFLICT DO NOTHING).
export const liveAnswers = sqliteTable(
  "live_answers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gameQuestionId: integer("game_question_id")
      .notNull()
      .references(() => liveGameQuestions.id),
    playerId: integer("player_id")
      .notNull()
      .references(() => livePlayers.id),
    // The answer button's place (1-based) in the question's choice order.
    place: integer("place").notNull(),
    correct: integer("correct", { mode: "boolean" }).notNull(),
    // Points before the streak bonus, which is added when the question closes.
    points: integer("points").notNull(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [uniqueIndex("live_answers_question_player_idx").on(t.gameQuestionId, t.playerId)],
);

// What happened in a game, in order: every server process reads new rows to tell its connections (and a
// reconnect with Last-Event-ID resumes after its last one). `audience` "host": only the host screen.
export const liveEvents = sqliteTable(
  "live_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gameId: integer("game_id")
      .notNull()
      .references(() => liveGames.id),
    audience: text("audience", { enum: ["all", "host"] }).notNull(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("live_events_game_idx").on(t.gameId, t.id)],
);

// A finished game's final standings, kept for the class (read by class leaderboards and the export).
export const liveGameResults = sqliteTable(
  "live_game_results",
  {
    gameId: integer("game_id")
      .notNull()
      .references(() => liveGames.id),
    classId: integer("class_id").references(() => classes.id),
    playerId: integer("player_id")
      .notNull()
      .references(() => livePlayers.id),
    userId: integer("user_id").references(() => users.id),
    playerName: text("player_name").notNull(),
    score: integer("score").notNull(),
    correctCount: integer("correct_count").notNull(),
    rank: integer("rank").notNull(),
    finishedAt: integer("finished_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gameId, t.playerId] }),
    index("live_game_results_class_idx").on(t.classId, t.finishedAt),
  ],
);

// Practice answers given offline from a downloaded pack (routes luyen-tap.goi.*), kept once per resident,
// question and moment: sending the same queue again (a retry after a dropped reply) records nothing twice.
export const offlinePracticeAnswers = sqliteTable(
  "offline_practice_answers",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => questionRevisions.id),
    choiceIds: text("choice_ids", { mode: "json" }).$type<number[]>().notNull(),
    correct: integer("correct", { mode: "boolean" }).notNull(),
    answeredAt: integer("answered_at").notNull(),
    syncedAt: integer("synced_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.questionId, t.answeredAt] })],
);

// A resident's progress as events (app/models/progress.server.ts): XP for a right answer, an active Vietnam
// day (for streaks), a badge. Totals are sums over these rows, so they can be recomputed and audited; the
// unique source key makes every award idempotent (a retried submit or answer never awards twice).
export const progressEvents = sqliteTable(
  "progress_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["xp", "day", "badge"] }).notNull(),
    amount: integer("amount").notNull().default(0),
    // What earned it: "attempt:<id>:<slot>", "question:<id>" (practice), "day:<n>", "badge:<id>".
    source: text("source").notNull(),
    topicId: text("topic_id"),
    // The contest attempt that earned it, if any (its XP is withdrawn while the attempt is disqualified).
    attemptId: integer("attempt_id").references(() => attempts.id),
    at: integer("at").notNull(),
    // Set when the award no longer holds (a disqualified attempt, a prize lost in a recomputation).
    revokedAt: integer("revoked_at"),
  },
  (t) => [
    uniqueIndex("progress_events_source_idx").on(t.userId, t.kind, t.source),
    index("progress_events_topic_idx").on(t.userId, t.topicId),
    index("progress_events_attempt_idx").on(t.attemptId),
  ],
);

// Certificates (giấy chứng nhận): one for an attempt at or above its contest's certificate score, one for each
// prize won. `code` (128-bit random, base32) is the key of the public verify page /chung-nhan/:code. Whether a
// certificate is revoked is not stored: the verify page derives it from the attempt's disqualification and the
// round's current winners, so a reinstated attempt's certificate is valid again (docs/decisions/023).
export const certificates = sqliteTable(
  "certificates",
  {
    code: text("code").primaryKey(),
    kind: text("kind", { enum: ["completion", "prize"] }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    // A prize's tier (its index in the contest's prize tiers) and its name when issued; null for completion.
    tierIndex: integer("tier_index"),
    prizeLabel: text("prize_label"),
    issuedAt: integer("issued_at").notNull(),
  },
  (t) => [
    uniqueIndex("certificates_completion_idx")
      .on(t.attemptId)
      .where(sql`kind = 'completion'`),
    uniqueIndex("certificates_prize_idx")
      .on(t.attemptId, t.tierIndex)
      .where(sql`kind = 'prize'`),
    index("certificates_user_idx").on(t.userId),
  ],
);

// A resident's public link to one of their results (/chia-se/:code), made from the result page; `code` is
// 128-bit random. The page and its preview image show name, contest, score and commune, never phone or birth year.
export const shareLinks = sqliteTable("share_links", {
  code: text("code").primaryKey(),
  attemptId: integer("attempt_id")
    .notNull()
    .unique()
    .references(() => attempts.id),
  createdAt: integer("created_at").notNull(),
});
