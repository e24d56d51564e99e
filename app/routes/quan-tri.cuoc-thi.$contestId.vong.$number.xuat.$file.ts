// The round's downloads: ranking, winners with phone numbers (for prize delivery), attempts, statistics by unit.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getIndividualBoard, getUnitBoard, roundBoard } from "#app/models/leaderboards.server.ts";
import {
  getConsoleRound,
  listRoundAttempts,
  listWinnersWithPhones,
  unitRanking,
} from "#app/models/results.server.ts";
import { assertCanManageUnit } from "#app/models/scope.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime, formatDuration } from "#app/utils/format.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { exportTable, type ExportColumn, type ExportFormat } from "#app/utils/table-export.server.ts";

// Large enough for any province's round; the page says what the file holds.
const MAX_ROWS = 200_000;

const gap = (g: number | null) => (g === null || g >= Number.MAX_SAFE_INTEGER ? null : g);
const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
const time = (t: number | null) => (t === null ? null : formatDateTime(t));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const round = await getConsoleRound(idParam(params.contestId), idParam(params.number));
  invariantResponse(round, "Không tìm thấy tuần thi này.");
  await orUserErrorResponse(assertCanManageUnit(user, round.scopeUnitId));
  const match = /^(xep-hang|giai-thuong|luot-thi|thong-ke-don-vi)\.(xlsx|csv)$/.exec(params.file ?? "");
  invariantResponse(match, "Không có tệp tải về này.");
  const [, kind, format] = match as unknown as [string, string, ExportFormat];
  const name = `${round.contestSlug}-tuan-${round.number}-${kind}`;

  if (kind === "xep-hang") {
    const rows = await getIndividualBoard(roundBoard(round.id), { limit: MAX_ROWS, offset: 0 });
    const columns: ExportColumn<(typeof rows)[number]>[] = [
      { header: "Hạng", value: (r) => r.rank, width: 8 },
      { header: "Họ và tên", value: (r) => r.name, width: 28 },
      { header: "Xã/phường", value: (r) => r.unitName, width: 24 },
      { header: "Huyện/thành phố", value: (r) => r.parentUnitName, width: 24 },
      { header: "Điểm", value: (r) => r.score, width: 8 },
      { header: "Thời gian làm bài", value: (r) => formatDuration(r.durationMs), width: 14 },
      { header: "Nộp bài lúc", value: (r) => time(r.submittedAt), width: 22 },
      { header: "Tài khoản mẫu", value: (r) => (r.isDemo ? "có" : ""), width: 10 },
    ];
    return exportTable(format, name, columns, rows);
  }
  if (kind === "giai-thuong") {
    const rows = await listWinnersWithPhones(round.id);
    const columns: ExportColumn<(typeof rows)[number]>[] = [
      { header: "Thứ tự", value: (r) => r.rank, width: 8 },
      { header: "Giải", value: (r) => r.label, width: 18 },
      { header: "Họ và tên", value: (r) => r.name, width: 28 },
      { header: "Số điện thoại", value: (r) => r.phone, width: 14 },
      { header: "Xã/phường", value: (r) => r.unitName, width: 24 },
      { header: "Huyện/thành phố", value: (r) => r.districtName, width: 24 },
      { header: "Điểm", value: (r) => r.score, width: 8 },
      { header: "Thời gian làm bài", value: (r) => formatDuration(r.durationMs), width: 14 },
      { header: "Lệch dự đoán", value: (r) => gap(r.predictionGap), width: 12 },
      { header: "Số lượt thi", value: (r) => r.attemptId, width: 10 },
    ];
    return exportTable(format, name, columns, rows);
  }
  if (kind === "luot-thi") {
    const rows = await listRoundAttempts(round.id);
    const columns: ExportColumn<(typeof rows)[number]>[] = [
      { header: "Số lượt thi", value: (r) => r.attemptId, width: 10 },
      { header: "Họ và tên", value: (r) => r.name, width: 28 },
      { header: "Số điện thoại", value: (r) => r.phone, width: 14 },
      { header: "Xã/phường", value: (r) => r.unitName, width: 24 },
      { header: "Huyện/thành phố", value: (r) => r.districtName, width: 24 },
      { header: "Bắt đầu", value: (r) => time(r.startedAt), width: 22 },
      { header: "Nộp bài", value: (r) => time(r.submittedAt), width: 22 },
      { header: "Điểm", value: (r) => r.score, width: 8 },
      {
        header: "Thời gian làm bài",
        value: (r) => (r.durationMs === null ? null : formatDuration(r.durationMs)),
      },
      { header: "Dự đoán", value: (r) => r.prediction, width: 10 },
      { header: "Bị loại", value: (r) => (r.disqualifiedAt === null ? "" : "có"), width: 8 },
      { header: "Lý do loại", value: (r) => r.reason, width: 40 },
      { header: "Có hỗ trợ", value: (r) => (r.helperName === null ? "" : "có"), width: 10 },
      { header: "Người hỗ trợ", value: (r) => r.helperName, width: 28 },
    ];
    return exportTable(format, name, columns, rows);
  }
  // Statistics by unit: the units one level below the contest's scope, then every commune in it, with the
  // collective ranking once the round is closed.
  const board = roundBoard(round.id);
  const units = [
    ...(round.scopeUnitId === null
      ? []
      : await getUnitBoard(board, { parentId: round.scopeUnitId }, "participants")),
    ...(await getUnitBoard(board, { leavesUnderPath: round.scopePath ?? "/" }, "participants")),
  ].filter((unit, index, all) => all.findIndex((u) => u.unitId === unit.unitId) === index);
  const ranking = new Map((await unitRanking([round.id])).map((r) => [r.unitId, r]));
  const columns: ExportColumn<(typeof units)[number]>[] = [
    { header: "Mã đơn vị", value: (r) => r.code, width: 10 },
    { header: "Đơn vị", value: (r) => r.name, width: 24 },
    { header: "Thuộc", value: (r) => r.parentName, width: 24 },
    { header: "Người thi", value: (r) => r.participants, width: 10 },
    { header: "Lượt thi", value: (r) => r.attempts, width: 10 },
    { header: "Điểm trung bình", value: (r) => (r.averageScore === null ? null : round2(r.averageScore)) },
    { header: "Số dân", value: (r) => r.population, width: 10 },
    {
      header: "Tỉ lệ tham gia (%)",
      value: (r) => (r.participationRate === null ? null : round2(r.participationRate * 100)),
    },
    { header: "Điểm tập thể", value: (r) => round2(ranking.get(r.unitId)?.points ?? null) },
    { header: "Hạng tập thể", value: (r) => ranking.get(r.unitId)?.rank ?? null },
  ];
  return exportTable(format, name, columns, units);
}
