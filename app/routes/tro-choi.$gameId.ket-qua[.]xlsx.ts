// A finished game's standings as a spreadsheet, for the class's records.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getGameResults, HOST_ROLES } from "#app/models/live-games.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { exportTable, type ExportColumn } from "#app/utils/table-export.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, HOST_ROLES);
  const gameId = idParam(params.gameId);
  const rows = await orUserErrorResponse(getGameResults(gameId, user));
  invariantResponse(rows.length > 0, "Trò chơi chưa kết thúc hoặc không có người chơi.");
  const columns: ExportColumn<(typeof rows)[number]>[] = [
    { header: "Hạng", value: (r) => r.rank, width: 8 },
    { header: "Người chơi", value: (r) => r.playerName, width: 28 },
    { header: "Điểm", value: (r) => r.score, width: 10 },
    { header: "Số câu đúng", value: (r) => r.correctCount, width: 12 },
  ];
  return exportTable("xlsx", `tro-choi-${gameId}-ket-qua`, columns, rows);
}
