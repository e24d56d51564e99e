import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listQuestions, listTopics } from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { difficultyLabels, statusLabels, typeLabels } from "#app/utils/question-labels.ts";
import { invariantResponse } from "#app/utils/http.server.ts";
import { LabelOptions } from "#app/components/label-options.tsx";

export const meta: MetaFunction = () => [{ title: "Ngân hàng câu hỏi — Quản trị" }];

const PAGE_SIZE = 50;
const querySchema = z.object({
  "chu-de": z.string().max(100).optional(),
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
  const { rows, total } = await listQuestions(
    {
      topicId: query["chu-de"],
      difficulty: query["do-kho"],
      status: query["trang-thai"],
      reserved: query["dung-cho"] === undefined ? undefined : query["dung-cho"] === "giu-rieng",
      search: query.q,
    },
    { limit: PAGE_SIZE, offset: (query.trang - 1) * PAGE_SIZE },
  );
  return { query, rows, total, topics: await listTopics(), pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export default function QuestionBank() {
  const { query, rows, total, topics, pages } = useLoaderData<typeof loader>();
  const topicName = new Map(topics.map((t) => [t.id, t.name]));
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
        className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_1fr_1fr_auto] lg:items-end"
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
        <button type="submit" className="btn-primary">
          Lọc
        </button>
      </Form>
      <p className="text-slate-700">{formatNumber(total)} câu hỏi</p>
      <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
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
                <td className="whitespace-nowrap px-3 py-2 text-[13px]">{formatDateTime(q.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-4">Không có câu hỏi nào khớp bộ lọc.</p>}
      </div>
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
