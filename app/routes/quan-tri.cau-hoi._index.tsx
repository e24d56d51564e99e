import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatDiscrimination, ItemLabels, sourceIsStale } from "#app/components/item-stats.tsx";
import { itemStatsRefreshedAt, requestItemStatsRefresh } from "#app/models/item-stats.server.ts";
import { listQuestions, listSkills, listTopics, type QuestionFlag } from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime, formatDuration, formatNumber, formatPercent } from "#app/utils/format.ts";
import { difficultyLabels, statusLabels, typeLabels } from "#app/utils/question-labels.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import { LabelOptions } from "#app/components/label-options.tsx";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const meta: MetaFunction = () => [{ title: "Ngân hàng câu hỏi — Quản trị" }];

const PAGE_SIZE = 50;
const flags = {
  "qua-de": "easy",
  "qua-kho": "hard",
  "gay-nham": "misleading",
  "nguon-cu": "stale_source",
} as const satisfies Record<string, QuestionFlag>;
const querySchema = z.object({
  "chu-de": z.string().max(100).optional(),
  "ky-nang": z.string().max(100).optional(),
  // Questions to look at again: too easy, too hard, misleading (domain/item-stats), or an old source check.
  "xem-lai": z.enum(["qua-de", "qua-kho", "gay-nham", "nguon-cu"]).optional(),
  "do-kho": z.coerce.number().int().min(1).max(3).optional(),
  "trang-thai": z.enum(["draft", "reviewed", "published"]).optional(),
  // Questions kept for contests ("giu-rieng") or also shown in practice ("luyen-tap").
  "dung-cho": z.enum(["giu-rieng", "luyen-tap"]).optional(),
  q: z.string().max(200).optional(),
  trang: z.coerce.number().int().min(1).max(10_000).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  const search = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const parsed = querySchema.safeParse(search);
  invariantResponse(parsed.success, "Bộ lọc không hợp lệ.", 400);
  const query = parsed.data;
  const now = Date.now();
  const { rows, total } = await listQuestions(
    {
      topicId: query["chu-de"],
      skillId: query["ky-nang"],
      flag: query["xem-lai"] && flags[query["xem-lai"]],
      now,
      difficulty: query["do-kho"],
      status: query["trang-thai"],
      reserved: query["dung-cho"] === undefined ? undefined : query["dung-cho"] === "giu-rieng",
      search: query.q,
    },
    { limit: PAGE_SIZE, offset: (query.trang - 1) * PAGE_SIZE },
  );
  return {
    query,
    rows,
    total,
    now,
    topics: await listTopics(),
    skills: await listSkills(),
    statsRefreshedAt: await itemStatsRefreshedAt(),
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

// "Cập nhật": recomputes the item statistics now, at most once a minute for everyone (they are also refreshed
// when a round closes).
export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, ["organiser", "admin"]);
  await requestItemStatsRefresh(Date.now());
  return redirect(`/quan-tri/cau-hoi${new URL(request.url).search}`);
}

export default function QuestionBank() {
  const { query, rows, total, now, topics, skills, statsRefreshedAt, pages } = useLoaderData<typeof loader>();
  const topicName = new Map(topics.map((t) => [t.id, t.name]));
  const refreshing = useNavigation().formMethod === "POST";
  const pageLink = (page: number) => {
    const params = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]) => (v === undefined || k === "trang" ? [] : [[k, String(v)]])),
    );
    params.set("trang", String(page));
    return `?${params}`;
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Ngân hàng câu hỏi</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/quan-tri/cau-hoi/moi" className="btn-primary">
            Thêm câu hỏi
          </Link>
          <Link to="/quan-tri/cau-hoi/nhap" className="btn-secondary">
            Nhập từ Excel/CSV
          </Link>
          <a href="/quan-tri/cau-hoi/xuat.xlsx" className="btn-secondary" download>
            Xuất Excel
          </a>
        </div>
      </div>
      <Form
        method="get"
        className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1.5fr_1fr_1fr_1fr_1.2fr_auto] lg:items-end"
      >
        <div>
          <label htmlFor="q" className="field-label">
            Tìm kiếm
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            placeholder="ví dụ: lua dao, VNeID"
            className="field-input"
          />
        </div>
        <div>
          <label htmlFor="chu-de" className="field-label">
            Chủ đề
          </label>
          <select id="chu-de" name="chu-de" defaultValue={query["chu-de"] ?? ""} className="field-input">
            <option value="">Tất cả</option>
            {topics.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ky-nang" className="field-label">
            Kỹ năng
          </label>
          <select id="ky-nang" name="ky-nang" defaultValue={query["ky-nang"] ?? ""} className="field-input">
            <option value="">Tất cả</option>
            {skills.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="do-kho" className="field-label">
            Độ khó
          </label>
          <select id="do-kho" name="do-kho" defaultValue={query["do-kho"] ?? ""} className="field-input">
            <option value="">Tất cả</option>
            <LabelOptions labels={difficultyLabels} />
          </select>
        </div>
        <div>
          <label htmlFor="trang-thai" className="field-label">
            Trạng thái
          </label>
          <select
            id="trang-thai"
            name="trang-thai"
            defaultValue={query["trang-thai"] ?? ""}
            className="field-input"
          >
            <option value="">Tất cả</option>
            <LabelOptions labels={statusLabels} />
          </select>
        </div>
        <div>
          <label htmlFor="dung-cho" className="field-label">
            Dùng cho
          </label>
          <select
            id="dung-cho"
            name="dung-cho"
            defaultValue={query["dung-cho"] ?? ""}
            className="field-input"
          >
            <option value="">Tất cả</option>
            <option value="giu-rieng">Giữ riêng cho cuộc thi</option>
            <option value="luyen-tap">Cả luyện tập</option>
          </select>
        </div>
        <div>
          <label htmlFor="xem-lai" className="field-label">
            Cần xem lại
          </label>
          <select id="xem-lai" name="xem-lai" defaultValue={query["xem-lai"] ?? ""} className="field-input">
            <option value="">Tất cả</option>
            <option value="qua-de">Quá dễ (≥ 90% đúng)</option>
            <option value="qua-kho">Quá khó (≤ 20% đúng)</option>
            <option value="gay-nham">Gây nhầm (đáp án sai được chọn nhiều hơn đáp án đúng)</option>
            <option value="nguon-cu">Nguồn kiểm tra hơn 12 tháng</option>
          </select>
        </div>
        <button type="submit" className="btn-primary">
          Lọc
        </button>
      </Form>
      <div className="flex flex-wrap items-center gap-3">
        <p className="flex-1 text-slate-700">
          {formatNumber(total)} câu hỏi · Thống kê từ bài thi đã nộp (không tính bài bị loại, luyện tập); nhận
          xét khi có từ 30 lượt trả lời.{" "}
          {statsRefreshedAt === null
            ? "Chưa tính lần nào."
            : `Cập nhật lúc ${formatDateTime(statsRefreshedAt)}.`}
        </p>
        <Form method="post">
          <button type="submit" className="btn-secondary" disabled={refreshing}>
            {refreshing ? "Đang cập nhật…" : "Cập nhật thống kê"}
          </button>
        </Form>
      </div>
      <ScrollTable label="Danh sách câu hỏi">
        <table className="w-full text-[15px]">
          <thead className="sticky top-0 bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">
                Câu hỏi
              </th>
              <th scope="col" className="px-3 py-2">
                Chủ đề
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Độ khó
              </th>
              <th scope="col" className="px-3 py-2">
                Loại
              </th>
              <th scope="col" className="px-3 py-2">
                Trạng thái
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right lg:table-cell">
                <abbr title="Số lượt trả lời">Lượt</abbr>
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right lg:table-cell">
                Đúng
              </th>
              <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                Sai nhiều nhất
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right lg:table-cell">
                <abbr title="Thời gian trả lời, trung vị">Thời gian</abbr>
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right lg:table-cell">
                <abbr title="Độ phân biệt: tỉ lệ đúng của 27% bài điểm cao trừ 27% bài điểm thấp">
                  Phân biệt
                </abbr>
              </th>
              <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                Nhận xét
              </th>
              <th scope="col" className="px-3 py-2">
                Cập nhật
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.map((q) => (
              <tr key={q.id}>
                <td className="px-3 py-2">
                  <Link
                    to={`/quan-tri/cau-hoi/${q.id}`}
                    className="font-medium text-brand-700 underline-offset-2 hover:underline"
                  >
                    {q.text}
                  </Link>
                  <span className="block text-[13px] text-slate-500">
                    {q.id}
                    {q.reserved && (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-950">
                        Dành cho cuộc thi
                      </span>
                    )}
                  </span>
                  {/* On a phone the figures read as one line under the question. */}
                  <span className="block text-[14px] text-slate-700 lg:hidden">
                    {q.stats ? (
                      <>
                        {formatNumber(q.stats.answered)} lượt ·{" "}
                        {formatPercent(q.stats.correct / q.stats.answered)} đúng
                        {q.stats.medianMs !== null && <> · {formatDuration(q.stats.medianMs)}</>}
                        {q.stats.discrimination !== null && (
                          <> · phân biệt {formatDiscrimination(q.stats.discrimination)}</>
                        )}{" "}
                        <ItemLabels stats={q.stats} />
                      </>
                    ) : (
                      "Chưa có lượt trả lời"
                    )}
                  </span>
                  {sourceIsStale(q.checkedOn, now) && (
                    <span className="block text-[13px] font-medium text-amber-900">
                      Nguồn kiểm tra hơn 12 tháng
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">{topicName.get(q.topicId) ?? q.topicId}</td>
                <td className="px-3 py-2 text-right tabular-nums">{q.difficulty}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  {typeLabels[q.type as keyof typeof typeLabels]}
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  {statusLabels[q.status]}
                  {q.isPublished && q.status !== "published" && (
                    <span className="block text-[13px] text-slate-600">bản trước đang dùng</span>
                  )}
                </td>
                <td className="hidden px-3 py-2 text-right tabular-nums lg:table-cell">
                  {q.stats ? formatNumber(q.stats.answered) : "—"}
                </td>
                <td className="hidden px-3 py-2 text-right tabular-nums lg:table-cell">
                  {q.stats ? formatPercent(q.stats.correct / q.stats.answered) : "—"}
                </td>
                <td className="hidden max-w-48 px-3 py-2 text-[13px] lg:table-cell">
                  {q.stats?.topWrongText ?? "—"}
                </td>
                <td className="hidden whitespace-nowrap px-3 py-2 text-right tabular-nums lg:table-cell">
                  {q.stats?.medianMs != null ? formatDuration(q.stats.medianMs) : "—"}
                </td>
                <td className="hidden px-3 py-2 text-right tabular-nums lg:table-cell">
                  {q.stats?.discrimination != null ? formatDiscrimination(q.stats.discrimination) : "—"}
                </td>
                <td className="hidden px-3 py-2 lg:table-cell">
                  {q.stats && <ItemLabels stats={q.stats} />}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-[13px]">{formatDateTime(q.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-4">Không có câu hỏi nào khớp bộ lọc.</p>}
      </ScrollTable>
      {pages > 1 && (
        <nav aria-label="Trang" className="flex items-center gap-3">
          {query.trang > 1 && (
            <Link to={pageLink(query.trang - 1)} className="btn-secondary">
              Trang trước
            </Link>
          )}
          <span>
            Trang {query.trang}/{pages}
          </span>
          {query.trang < pages && (
            <Link to={pageLink(query.trang + 1)} className="btn-secondary">
              Trang sau
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
