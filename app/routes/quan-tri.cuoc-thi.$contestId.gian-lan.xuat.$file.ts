import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceSummary, flagKindLabels } from "#app/domain/fair-play.ts";
import { getManageableContest } from "#app/models/contests.server.ts";
import { listFlags, type FlagRow } from "#app/models/fair-play.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { exportTable, type ExportColumn, type ExportFormat } from "#app/utils/table-export.server.ts";

const statusLabels = { open: "Chờ xử lý", disqualified: "Đã loại bài", cleared: "Đã bỏ qua" } as const;

const columns: ExportColumn<FlagRow>[] = [
  { header: "Tuần", value: (f) => f.roundNumber, width: 8 },
  { header: "Bài thi", value: (f) => f.attemptId, width: 10 },
  { header: "Người thi", value: (f) => f.name, width: 24 },
  { header: "Đơn vị", value: (f) => f.unitName, width: 20 },
  { header: "Điểm", value: (f) => f.score, width: 8 },
  { header: "Dấu hiệu", value: (f) => flagKindLabels[f.kind], width: 32 },
  { header: "Bằng chứng", value: (f) => evidenceSummary(f.kind, f.evidence), width: 60 },
  { header: "Trạng thái", value: (f) => statusLabels[f.status], width: 14 },
  { header: "Lý do", value: (f) => f.reason, width: 40 },
  {
    header: "Thời điểm quyết định",
    value: (f) => (f.decidedAt ? formatDateTime(f.decidedAt) : null),
    width: 22,
  },
];

/** The flags of a contest and the decisions taken on them, for the organisers' records: gian-lan.xlsx or .csv. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const contest = await orUserErrorResponse(getManageableContest(user, idParam(params.contestId)));
  const match = /^gian-lan\.(xlsx|csv)$/.exec(params.file ?? "");
  invariantResponse(match, "Không có tệp tải về này.");
  const format = match[1] as ExportFormat;
  return exportTable(format, `${contest.slug}-gian-lan`, columns, await listFlags(contest.id));
}
