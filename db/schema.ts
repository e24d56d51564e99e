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
    role: text("role", { enum: ["resident", "teacher", "organiser", "admin"] })
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
  },
  (t) => [index("users_unit_idx").on(t.unitId)],
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
export const practiceSessions = sqliteTable("practice_sessions", {
  id: text("id").primaryKey(),
  topicId: text("topic_id")
    .notNull()
    .references(() => topics.id),
  // The drawn questions with their choices in the order shown, like an attempt's items.
  items: text("items", { mode: "json" }).$type<{ revisionId: number; choiceOrder: number[] }[]>().notNull(),
  // Slot → chosen choice ids, filled as the resident answers.
  answers: text("answers", { mode: "json" }).$type<Record<string, number[]>>().notNull(),
  createdAt: integer("created_at").notNull(),
});

// A revision never changes once written: attempts point at the revision they drew.
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
  },
  (t) => [index("choices_revision_idx").on(t.revisionId, t.position)],
);

export const contests = sqliteTable("contests", {
  id: integer("id").primaryKey({ autoIncrement: true }),
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
