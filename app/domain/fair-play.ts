// Signs of unfair play in one round, found from the round's data alone: each rule returns flags (one per attempt
// and kind) with the evidence an organiser needs to decide. Nothing here decides: a person reviews every flag.
import { foldVietnamese } from "./search.ts";

export const flagKinds = ["fast_answers", "shared_network", "twin_answers", "several_phones"] as const;
export type FlagKind = (typeof flagKinds)[number];

export const fairPlayLimits = {
  // A person needs at least this long to read a question and tap an answer, however short the question…
  minReadMs: 1500,
  // …and this long per character of the question (about three times faster than a quick reader).
  readMsPerChar: 20,
  // Answers quicker than that on this many questions of one attempt raise a flag.
  fastAnswersToFlag: 3,
  // This many accounts registering, starting or logging in from one address or device within the window.
  accountsPerSource: 5,
  sourceWindowMs: 3600_000,
  // Two attempts sharing at least this many questions, with the same choice on this share of them, answered
  // within this many seconds of each other on this share of them.
  twinMinShared: 5,
  twinSameChoices: 0.9,
  twinCloseMs: 15_000,
  twinCloseShare: 0.8,
} as const;

export type AnswerFact = {
  slot: number;
  revisionId: number;
  choiceIds: number[];
  answeredAt: number;
  textLength: number;
};
export type AttemptFact = {
  attemptId: number;
  userId: number;
  startedAt: number;
  startAddress: string | null;
  answers: AnswerFact[];
};
export type AccountFact = {
  userId: number;
  name: string;
  birthYear: number | null;
  unitId: number | null;
  phone: string | null;
  createdAt: number;
  registeredAddress: string | null;
  // SHA-256 digests (hex) of the devices the account logged in from, with when.
  devices: { hash: string; at: number }[];
};

export type FastAnswersEvidence = {
  answered: number;
  fast: { slot: number; gapMs: number; minimumMs: number; textLength: number }[];
};
export type SourceEvidence = {
  groups: {
    via: "address" | "device";
    source: string;
    accounts: { userId: number; name: string; event: "registration" | "start" | "login"; at: number }[];
  }[];
};
export type TwinEvidence = {
  matches: {
    userId: number;
    name: string;
    attemptId: number;
    shared: number;
    sameChoices: number;
    closeInTime: number;
  }[];
};
export type SeveralPhonesEvidence = {
  birthYear: number;
  accounts: { userId: number; name: string; phone: string }[];
};
export type FlagEvidence = FastAnswersEvidence | SourceEvidence | TwinEvidence | SeveralPhonesEvidence;
export type Flag = { attemptId: number; userId: number; kind: FlagKind; evidence: FlagEvidence };

/** The least time a person needs to read a question of `textLength` characters and answer it. */
export function minimumAnswerMs(textLength: number): number {
  return Math.max(fairPlayLimits.minReadMs, textLength * fairPlayLimits.readMsPerChar);
}

/** (a) Answers given faster than the question can be read: the time since the previous answer (or the start). */
export function fastAnswerFlags(attempts: AttemptFact[]): Flag[] {
  return attempts.flatMap((attempt) => {
    const answers = [...attempt.answers].sort((a, b) => a.answeredAt - b.answeredAt);
    let previous = attempt.startedAt;
    const fast: FastAnswersEvidence["fast"] = [];
    for (const answer of answers) {
      const gapMs = answer.answeredAt - previous;
      previous = answer.answeredAt;
      const minimumMs = minimumAnswerMs(answer.textLength);
      if (gapMs < minimumMs)
        fast.push({ slot: answer.slot, gapMs, minimumMs, textLength: answer.textLength });
    }
    if (fast.length < fairPlayLimits.fastAnswersToFlag) return [];
    const evidence: FastAnswersEvidence = { answered: answers.length, fast };
    return [
      { attemptId: attempt.attemptId, userId: attempt.userId, kind: "fast_answers" as const, evidence },
    ];
  });
}

/** Hides all but the last three digits: organisers see that phones differ without reading them out. */
export function maskPhone(phone: string | null): string {
  if (!phone) return "—";
  return `${"•".repeat(Math.max(0, phone.length - 3))}${phone.slice(-3)}`;
}

type SourceEvent = { userId: number; event: "registration" | "start" | "login"; at: number };

/**
 * (b) Many accounts created or used from one address or device within a short time: every account in a
 * window holding `accountsPerSource` different accounts is flagged, on each of its attempts in the round.
 */
export function sharedSourceFlags(attempts: AttemptFact[], accounts: AccountFact[]): Flag[] {
  const sources = new Map<string, SourceEvent[]>();
  const add = (key: string, event: SourceEvent) => sources.set(key, [...(sources.get(key) ?? []), event]);
  for (const a of attempts)
    if (a.startAddress)
      add(`address:${a.startAddress}`, { userId: a.userId, event: "start", at: a.startedAt });
  for (const account of accounts) {
    if (account.registeredAddress)
      add(`address:${account.registeredAddress}`, {
        userId: account.userId,
        event: "registration",
        at: account.createdAt,
      });
    for (const device of account.devices)
      add(`device:${device.hash}`, { userId: account.userId, event: "login", at: device.at });
  }
  const names = new Map(accounts.map((a) => [a.userId, a.name]));
  const groupsByUser = new Map<number, SourceEvidence["groups"]>();
  for (const [key, events] of sources) {
    events.sort((a, b) => a.at - b.at);
    const flagged = new Map<number, SourceEvent>();
    for (let start = 0, end = 0; end < events.length; end++) {
      while (events[end]!.at - events[start]!.at > fairPlayLimits.sourceWindowMs) start++;
      const window = events.slice(start, end + 1);
      if (new Set(window.map((e) => e.userId)).size < fairPlayLimits.accountsPerSource) continue;
      for (const e of window) if (!flagged.has(e.userId)) flagged.set(e.userId, e);
    }
    if (flagged.size === 0) continue;
    const [via, ...rest] = key.split(":");
    const group = {
      via: via as "address" | "device",
      // A device is named by the start of its digest: enough to tell devices apart, nothing to replay.
      source: via === "device" ? `thiết bị ${rest.join(":").slice(0, 8)}` : rest.join(":"),
      accounts: [...flagged.values()].map((e) => ({ ...e, name: names.get(e.userId) ?? "" })),
    };
    for (const userId of flagged.keys())
      groupsByUser.set(userId, [...(groupsByUser.get(userId) ?? []), group]);
  }
  return attempts.flatMap((a) => {
    const groups = groupsByUser.get(a.userId);
    return groups
      ? [{ attemptId: a.attemptId, userId: a.userId, kind: "shared_network" as const, evidence: { groups } }]
      : [];
  });
}

function compareAttempts(a: AttemptFact, b: AttemptFact) {
  const byRevision = new Map(b.answers.map((x) => [x.revisionId, x]));
  let shared = 0;
  let sameChoices = 0;
  let closeInTime = 0;
  for (const answer of a.answers) {
    const other = byRevision.get(answer.revisionId);
    if (!other) continue;
    shared++;
    const mine = [...answer.choiceIds].sort((x, y) => x - y).join(",");
    if (mine === [...other.choiceIds].sort((x, y) => x - y).join(",")) sameChoices++;
    if (Math.abs(answer.answeredAt - other.answeredAt) <= fairPlayLimits.twinCloseMs) closeInTime++;
  }
  return { shared, sameChoices, closeInTime };
}

/**
 * (c) Two accounts answering the same questions the same way at the same moments (one person with two phones,
 * or answers dictated). Only attempts started close together can match, so each is compared with its neighbours
 * in start order.
 */
export function twinAnswerFlags(attempts: AttemptFact[], accounts: AccountFact[]): Flag[] {
  const names = new Map(accounts.map((a) => [a.userId, a.name]));
  const sorted = [...attempts].sort((a, b) => a.startedAt - b.startedAt);
  const matches = new Map<number, TwinEvidence["matches"]>();
  const push = (attempt: AttemptFact, match: TwinEvidence["matches"][number]) =>
    matches.set(attempt.attemptId, [...(matches.get(attempt.attemptId) ?? []), match]);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.startedAt - a.startedAt > 10 * 60_000) break;
      if (a.userId === b.userId) continue;
      const c = compareAttempts(a, b);
      if (
        c.shared < fairPlayLimits.twinMinShared ||
        c.sameChoices < c.shared * fairPlayLimits.twinSameChoices ||
        c.closeInTime < c.shared * fairPlayLimits.twinCloseShare
      )
        continue;
      push(a, { userId: b.userId, name: names.get(b.userId) ?? "", attemptId: b.attemptId, ...c });
      push(b, { userId: a.userId, name: names.get(a.userId) ?? "", attemptId: a.attemptId, ...c });
    }
  }
  return sorted.flatMap((a) => {
    const found = matches.get(a.attemptId);
    return found
      ? [
          {
            attemptId: a.attemptId,
            userId: a.userId,
            kind: "twin_answers" as const,
            evidence: { matches: found },
          },
        ]
      : [];
  });
}

/** (d) One person with several phones: accounts with the same name (diacritics folded), birth year and commune. */
export function severalPhonesFlags(attempts: AttemptFact[], accounts: AccountFact[]): Flag[] {
  const people = new Map<string, AccountFact[]>();
  for (const account of accounts) {
    if (account.birthYear === null || account.unitId === null) continue;
    const key = `${foldVietnamese(account.name)}|${account.birthYear}|${account.unitId}`;
    people.set(key, [...(people.get(key) ?? []), account]);
  }
  const evidenceByUser = new Map<number, SeveralPhonesEvidence>();
  for (const group of people.values()) {
    if (group.length < 2) continue;
    const evidence = {
      birthYear: group[0]!.birthYear!,
      accounts: group.map((a) => ({ userId: a.userId, name: a.name, phone: maskPhone(a.phone) })),
    };
    for (const account of group) evidenceByUser.set(account.userId, evidence);
  }
  return attempts.flatMap((a) => {
    const evidence = evidenceByUser.get(a.userId);
    return evidence
      ? [{ attemptId: a.attemptId, userId: a.userId, kind: "several_phones" as const, evidence }]
      : [];
  });
}

/** Every flag of a round. `accounts` holds the accounts with attempts in `attempts`. */
export function detectFlags(attempts: AttemptFact[], accounts: AccountFact[]): Flag[] {
  return [
    ...fastAnswerFlags(attempts),
    ...sharedSourceFlags(attempts, accounts),
    ...twinAnswerFlags(attempts, accounts),
    ...severalPhonesFlags(attempts, accounts),
  ];
}

export const flagKindLabels: Record<FlagKind, string> = {
  fast_answers: "Trả lời nhanh hơn tốc độ đọc",
  shared_network: "Nhiều tài khoản từ một mạng hoặc thiết bị",
  twin_answers: "Bài làm gần như giống hệt nhau",
  several_phones: "Một người nhiều số điện thoại",
};

/** One line of evidence for exports (the queue page shows it in full). */
export function evidenceSummary(kind: FlagKind, evidence: FlagEvidence): string {
  switch (kind) {
    case "fast_answers": {
      const e = evidence as FastAnswersEvidence;
      return `${e.fast.length}/${e.answered} câu trả lời nhanh hơn tốc độ đọc (câu ${e.fast.map((f) => f.slot).join(", ")})`;
    }
    case "shared_network":
      return (evidence as SourceEvidence).groups
        .map(
          (g) =>
            `${g.accounts.length} tài khoản từ ${g.via === "address" ? `địa chỉ ${g.source}` : g.source}`,
        )
        .join("; ");
    case "twin_answers":
      return (evidence as TwinEvidence).matches
        .map((m) => `giống bài #${m.attemptId} (${m.name}): ${m.sameChoices}/${m.shared} câu`)
        .join("; ");
    case "several_phones": {
      const e = evidence as SeveralPhonesEvidence;
      return `${e.accounts.length} tài khoản cùng tên, năm sinh ${e.birthYear} và xã`;
    }
  }
}
