import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireTeacher } from "#app/models/classes.server.ts";
import { getHomeworkReport } from "#app/models/homework.server.ts";
import { formatDateTime, formatDuration, formatNumber, formatPercent } from "#app/utils/format.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";
import { studentStatusLabels } from "#app/utils/school-labels.ts";
import { ScrollTable } from "#app/components/scroll-table.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.report.homework.title ?? "Bài tập"} — báo cáo lớp` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  const homeworkId = idParam(params.homeworkId);
  return { report: await orUserErrorResponse(getHomeworkReport(teacher.id, homeworkId)), homeworkId };
}

export default function HomeworkReportPage() {
  const { report, homeworkId } = useLoaderData<typeof loader>();
  const { homework, students, questions } = report;
  const submitted = students.filter((s) => s.status === "submitted").length;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{homework.title}</h1>
        <p className="text-slate-700">
          Lớp {homework.classNames.join(", ")} · {formatNumber(homework.questionsPerAttempt)} câu ·{" "}
          {formatNumber(Math.round(homework.timeLimitSeconds / 60))} phút · {homework.attemptsAllowed} lượt
        </p>
        <p className="text-slate-700">
          Mở {formatDateTime(homework.opensAt)}, hạn {formatDateTime(homework.closesAt)}
        </p>
        <p className="font-semibold">
          {formatNumber(submitted)}/{formatNumber(students.length)} học sinh đã nộp bài
        </p>
      </div>

      <section aria-labelledby="students" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="students" className="text-xl font-bold">
            Theo học sinh
          </h2>
          <a href={`/giao-vien/bai-tap/${homeworkId}/xuat/hoc-sinh.xlsx`} className="btn-secondary" download>
            Xuất Excel
          </a>
        </div>
        <ScrollTable label="Kết quả theo học sinh">
          <table className="w-full text-[15px]">
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Học sinh
                </th>
                <th scope="col" className="px-3 py-2">
                  Lớp
                </th>
                <th scope="col" className="px-3 py-2">
                  Trạng thái
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Điểm
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Thời gian
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Số lượt
                </th>
              </tr>
            </thead>
            <tbody>
              {students.map((s) => (
                <tr key={s.userId} className="border-t border-slate-200">
                  <td className="px-3 py-2">{s.name}</td>
                  <td className="px-3 py-2">{s.className}</td>
                  <td className="px-3 py-2">{studentStatusLabels[s.status]}</td>
                  <td className="px-3 py-2 text-right">
                    {s.bestScore === null ? "—" : `${s.bestScore}/${s.questionCount}`}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {s.bestDurationMs === null ? "—" : formatDuration(s.bestDurationMs)}
                  </td>
                  <td className="px-3 py-2 text-right">{s.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>

      <section aria-labelledby="questions" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="questions" className="text-xl font-bold">
            Theo câu hỏi
          </h2>
          <a href={`/giao-vien/bai-tap/${homeworkId}/xuat/cau-hoi.xlsx`} className="btn-secondary" download>
            Xuất Excel
          </a>
        </div>
        {questions.length === 0 ? (
          <p className="text-slate-700">Chưa có bài nộp nào.</p>
        ) : (
          <ScrollTable label="Kết quả theo câu hỏi">
            <table className="w-full text-[15px]">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Câu hỏi
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Tỉ lệ đúng
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Đáp án sai chọn nhiều nhất
                  </th>
                </tr>
              </thead>
              <tbody>
                {questions.map((q) => (
                  <tr key={q.questionId} className="border-t border-slate-200 align-top">
                    <td className="px-3 py-2">{q.text}</td>
                    <td className="px-3 py-2 text-right">
                      {q.shareCorrect === null ? "—" : formatPercent(q.shareCorrect)}{" "}
                      <span className="text-slate-600">
                        ({q.correct}/{q.answered})
                      </span>
                    </td>
                    <td className="px-3 py-2">
                      {q.topWrongText ? `${q.topWrongText} (${q.topWrongCount})` : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
    </div>
  );
}
