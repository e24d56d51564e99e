import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { diffFields } from "#app/domain/audit-diff.ts";
import { vietnamMidnight } from "#app/domain/timing.ts";
import { auditFilterOptions, listAudit, type AuditFilter } from "#app/models/audit.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Nhật ký thao tác — Quản trị" }];

const PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-06-18" as a Vietnam day number, or null when it is not a real date. */
function parseDay(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const date = new Date(utc);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? utc / DAY_MS
    : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const params = new URL(request.url).searchParams;
  const text = (name: string) => (params.get(name) ?? "").trim().slice(0, 100);
  const values = {
    actor: text("nguoi"),
    action: text("hanh-dong"),
    entity: text("doi-tuong"),
    entityId: text("ma"),
    from: text("tu"),
    to: text("den"),
  };
  const errors: string[] = [];
  const filter: AuditFilter = {};
  if (values.actor) {
    const actorId = Number(values.actor);
    if (Number.isSafeInteger(actorId) && actorId > 0) filter.actorId = actorId;
    else errors.push("Người thực hiện không hợp lệ.");
  }
  if (values.action) filter.action = values.action;
  if (values.entity) filter.entity = values.entity;
  if (values.entityId) filter.entityId = values.entityId;
  const fromDay = values.from ? parseDay(values.from) : null;
  const toDay = values.to ? parseDay(values.to) : null;
  if (values.from && fromDay === null) errors.push(`Ngày “từ” không hợp lệ: ${values.from}.`);
  if (values.to && toDay === null) errors.push(`Ngày “đến” không hợp lệ: ${values.to}.`);
  if (fromDay !== null) filter.from = vietnamMidnight(fromDay);
  // Up to the end of the "to" day in Vietnam.
  if (toDay !== null) filter.to = vietnamMidnight(toDay + 1);
  if (fromDay !== null && toDay !== null && fromDay > toDay) errors.push("Ngày “từ” phải trước ngày “đến”.");
  const page = Math.min(Math.max(1, Math.floor(Number(params.get("trang")) || 1)), 10_000);
  const rows = errors.length ? [] : await listAudit(filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
  const entries = rows.slice(0, PAGE_SIZE).map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actorName,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    reason: r.reason,
    changes: diffFields(r.before, r.after).map((c) => ({
      field: c.field,
      before: c.before === undefined ? null : JSON.stringify(c.before),
      after: c.after === undefined ? null : JSON.stringify(c.after),
    })),
  }));
  return data(
    {
      values,
      errors,
      entries,
      page,
      hasNext: rows.length > PAGE_SIZE,
      options: await auditFilterOptions(),
    },
    { status: errors.length ? 400 : 200 },
  );
}

const actionLabels: Record<string, string> = {
  "user.create": "Tạo tài khoản",
  "user.update": "Đổi vai trò, đơn vị",
  "user.reset_password": "Đặt lại mật khẩu",
  "user.disable": "Khoá tài khoản",
  "user.enable": "Mở khoá tài khoản",
  "question.create": "Thêm câu hỏi",
  "question.edit": "Sửa câu hỏi",
  "question.review": "Duyệt câu hỏi",
  "question.publish": "Xuất bản câu hỏi",
  "question.unpublish": "Gỡ xuất bản câu hỏi",
  "question.reserve": "Giữ riêng cho cuộc thi",
  "question.unreserve": "Trả lại cho luyện tập",
  "question.import": "Nhập câu hỏi từ tệp",
  "allowance.grant": "Cấp giới hạn đăng ký",
  "allowance.revoke": "Thu hồi giới hạn đăng ký",
  "contest.create": "Tạo cuộc thi",
  "contest.update": "Sửa cuộc thi",
  "contest.publish": "Công bố cuộc thi",
  "contest.archive": "Lưu trữ cuộc thi",
  "contest.clone": "Nhân bản cuộc thi",
  "contest.banner": "Đổi ảnh bìa cuộc thi",
  "round.close": "Đóng tuần thi",
  "attempt.disqualify": "Loại lượt thi",
  "attempt.reinstate": "Khôi phục lượt thi",
  "flag.disqualify": "Rà soát gian lận: loại bài",
  "flag.clear": "Rà soát gian lận: bỏ qua",
  "unit.population.import": "Nhập dân số",
  "school.create": "Tạo trường",
  "class.create": "Tạo lớp",
  "class.archive": "Lưu trữ lớp",
  "class.restore": "Khôi phục lớp",
  "class.rejoin_codes": "Cấp mã vào lại cho học sinh",
  "homework.create": "Giao bài",
  "student.rename": "Đổi tên học sinh",
  "student.remove": "Xoá học sinh khỏi lớp",
  "student.merge": "Gộp hai tên học sinh",
  "helper.name": "Thêm thành viên tổ công nghệ số",
  "helper.end": "Kết thúc thành viên tổ công nghệ số",
};

const entityLabels: Record<string, string> = {
  user: "Tài khoản",
  question: "Câu hỏi",
  allowance: "Giới hạn đăng ký",
  contest: "Cuộc thi",
  round: "Vòng thi",
  attempt: "Lượt thi",
  flag: "Dấu hiệu gian lận",
  unit: "Đơn vị (dân số)",
  school: "Trường",
  class: "Lớp",
  community_helper: "Tổ công nghệ số",
};

const fieldLabels: Record<string, string> = {
  name: "Tên",
  phone: "Số điện thoại",
  role: "Vai trò",
  scopeUnitId: "Mã đơn vị",
  unit: "Đơn vị",
  disabled: "Bị khoá",
  passwordReset: "Đặt lại mật khẩu",
  sessionsEnded: "Đăng xuất mọi thiết bị",
  status: "Trạng thái",
  topicId: "Chủ đề",
  revisionId: "Phiên bản",
  publishedRevisionId: "Phiên bản đang dùng",
  reserved: "Giữ riêng",
  override: "Duyệt thay",
  file: "Tệp",
  created: "Thêm mới",
  updated: "Sửa",
  unchanged: "Không đổi",
  address: "Địa chỉ",
  perHour: "Mỗi giờ",
  reason: "Lý do",
  expiresAt: "Hết hạn",
  revoked: "Đã thu hồi",
  title: "Tên cuộc thi",
  summary: "Tóm tắt",
  rulesText: "Thể lệ",
  rules: "Luật thi",
  rounds: "Các tuần thi",
  bannerImage: "Ảnh bìa",
  clonedFrom: "Nhân bản từ cuộc thi",
  predictionActual: "Con số thực",
  actual: "Con số thực",
  winners: "Số người đoạt giải",
  attemptId: "Lượt thi",
  kind: "Dấu hiệu",
  evidence: "Bằng chứng",
};

const valueLabels: Record<string, string> = {
  true: "có",
  false: "không",
  null: "—",
  '"organiser"': "Người tổ chức",
  '"admin"': "Quản trị viên",
  '"draft"': "Nháp",
  '"reviewed"': "Đã duyệt",
  '"published"': "Đã xuất bản",
  '"archived"': "Đã lưu trữ",
  '"open"': "Chờ xử lý",
  '"disqualified"': "Đã loại bài",
  '"cleared"': "Đã bỏ qua",
};

/** A stored JSON value as people read it: known words in Vietnamese, times in Vietnam time, text unquoted. */
function readable(field: string, json: string | null): string {
  if (json === null) return "—";
  if (json in valueLabels) return valueLabels[json]!;
  const value: unknown = JSON.parse(json);
  if (typeof value === "number" && field.endsWith("At")) return formatDateTime(value);
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  return json;
}

export default function AuditLog() {
  const { values, errors, entries, page, hasNext, options } = useLoaderData<typeof loader>();
  const pageLink = (n: number) => {
    const query = new URLSearchParams();
    const names = {
      nguoi: values.actor,
      "hanh-dong": values.action,
      "doi-tuong": values.entity,
      ma: values.entityId,
      tu: values.from,
      den: values.to,
    };
    for (const [name, value] of Object.entries(names)) if (value) query.set(name, value);
    if (n > 1) query.set("trang", String(n));
    return `?${query.toString()}`;
  };
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Nhật ký thao tác</h1>
        <p className="text-slate-700">
          Mọi thay đổi trong trang quản trị: ai làm, lúc nào, giá trị trước và sau. Mới nhất ở trên.
        </p>
      </div>

      <Form method="get" className="card grid gap-4 sm:grid-cols-3">
        {errors.length > 0 && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800 sm:col-span-3">
            {errors.join(" ")}
          </p>
        )}
        <div>
          <label htmlFor="nguoi" className="field-label">
            Người thực hiện
          </label>
          <select id="nguoi" name="nguoi" defaultValue={values.actor} className="field-input">
            <option value="">Tất cả</option>
            {options.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="hanh-dong" className="field-label">
            Thao tác
          </label>
          <select id="hanh-dong" name="hanh-dong" defaultValue={values.action} className="field-input">
            <option value="">Tất cả</option>
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {actionLabels[a] ?? a}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="doi-tuong" className="field-label">
            Loại đối tượng
          </label>
          <select id="doi-tuong" name="doi-tuong" defaultValue={values.entity} className="field-input">
            <option value="">Tất cả</option>
            {Object.entries(entityLabels).map(([entity, label]) => (
              <option key={entity} value={entity}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ma" className="field-label">
            Mã đối tượng
          </label>
          <input id="ma" name="ma" defaultValue={values.entityId} className="field-input" />
        </div>
        <div>
          <label htmlFor="tu" className="field-label">
            Từ ngày
          </label>
          <input id="tu" name="tu" type="date" defaultValue={values.from} className="field-input" />
        </div>
        <div>
          <label htmlFor="den" className="field-label">
            Đến hết ngày
          </label>
          <input id="den" name="den" type="date" defaultValue={values.to} className="field-input" />
        </div>
        <div className="flex flex-wrap gap-3 sm:col-span-3">
          <button type="submit" className="btn-primary">
            Lọc
          </button>
          <Link to="/quan-tri/nhat-ky" className="btn-secondary">
            Bỏ lọc
          </Link>
        </div>
      </Form>

      {entries.length === 0 ? (
        <p className="text-slate-700">Không có mục nào.</p>
      ) : (
        <ol className="space-y-3" aria-label="Các mục nhật ký">
          {entries.map((e) => (
            <li key={e.id} className="card space-y-2">
              <p className="flex flex-wrap gap-x-3 gap-y-1">
                <span className="font-semibold">{actionLabels[e.action] ?? e.action}</span>
                <span className="text-slate-600">
                  {entityLabels[e.entity] ?? e.entity} {e.entityId}
                </span>
                <span className="text-slate-600">
                  {e.actorName ?? "Hệ thống"}, {formatDateTime(e.at)}
                </span>
              </p>
              {e.reason && <p>Lý do: {e.reason}</p>}
              {e.changes.length > 0 && (
                <dl className="grid gap-x-3 gap-y-1 text-[15px] sm:grid-cols-[max-content_1fr]">
                  {e.changes.map((c) => (
                    <div key={c.field} className="contents">
                      <dt className="font-medium text-slate-700">
                        {fieldLabels[c.field] ?? (c.field || "Giá trị")}
                      </dt>
                      <dd className="break-words">
                        {c.before !== null && (
                          <>
                            <del className="text-red-800">{readable(c.field, c.before)}</del> →{" "}
                          </>
                        )}
                        <ins className="text-green-800 no-underline">{readable(c.field, c.after)}</ins>
                      </dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}

      <nav aria-label="Trang" className="flex gap-3">
        {page > 1 && (
          <Link to={pageLink(page - 1)} className="btn-secondary">
            ← Trang trước
          </Link>
        )}
        {hasNext && (
          <Link to={pageLink(page + 1)} className="btn-secondary">
            Trang sau →
          </Link>
        )}
      </nav>
    </div>
  );
}
