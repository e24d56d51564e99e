import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { startAttempt } from "#app/models/attempts.server.ts";
import { archivedClassRefusal, findClassByCode, joinClass, rejoinClass } from "#app/models/classes.server.ts";
import { homeworkRoundFor, listStudentHomework } from "#app/models/homework.server.ts";
import { normalizeAddress } from "#app/models/registration-limits.server.ts";
import { commitSessionCookie, createSession, getUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime, formatNumber } from "#app/utils/format.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";
import { firstIssue, joinSchema, rejoinSchema } from "#app/utils/school-forms.server.ts";
import { useSubmitting } from "#app/components/use-submitting.ts";

export const meta: MetaFunction = () => [{ title: "Lớp học — Công dân số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const code = new URL(request.url).searchParams.get("ma") ?? "";
  const found = code ? await findClassByCode(code) : null;
  const student = user?.role === "student" ? user : null;
  return {
    now: Date.now(),
    signedInOther: !!user && !student,
    student: student && { name: student.name },
    homework: student ? await listStudentHomework(student.id) : [],
    invite:
      found && !found.archived
        ? { code: found.joinCode, name: found.name, schoolName: found.schoolName }
        : null,
    archived: found?.archived ? archivedClassRefusal(found.name) : null,
    code,
  };
}

// A school's network: several classes joining in the same hour.
const JOINS_PER_HOUR = 200;

type ActionData = { form: "join" | "rejoin" | "start"; error: string; values?: Record<string, string> };

async function signIn(request: Request, userId: number, now: number) {
  const token = await createSession(userId, now);
  return redirect("/lop", { headers: { "Set-Cookie": await commitSessionCookie(request, token) } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getUser(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const now = Date.now();
  const refuse = (form: ActionData["form"], error: string, status: number, values?: Record<string, string>) =>
    data<ActionData>({ form, error, values }, { status });
  const text = (name: string) => String(formData.get(name) ?? "");
  try {
    if (intent === "start") {
      if (user?.role !== "student") return refuse("start", "Hãy vào lớp trước khi làm bài.", 403);
      const contestId = Number(formData.get("contestId"));
      if (!Number.isSafeInteger(contestId) || contestId <= 0)
        return refuse("start", "Không tìm thấy bài tập này trong lớp của em.", 404);
      const roundId = await homeworkRoundFor(user.id, contestId);
      // No per-address limit: a whole class starts from the school's one network, and only its students may.
      const attemptId = await startAttempt(user.id, roundId, now, Math.random, null);
      return redirect(`/bai-thi/${attemptId}`);
    }
    if (user && user.role !== "student")
      return refuse(
        intent === "rejoin" ? "rejoin" : "join",
        "Bạn đang đăng nhập bằng một tài khoản khác. Hãy đăng xuất rồi vào lớp.",
        409,
      );
    if (intent === "rejoin") {
      const values = { code: text("code"), rejoinCode: text("rejoinCode") };
      const parsed = rejoinSchema.safeParse(values);
      if (!parsed.success) return refuse("rejoin", firstIssue(parsed.error), 400, values);
      const { userId } = await rejoinClass(
        { ...parsed.data, address: normalizeAddress(context.clientIp) },
        now,
      );
      return await signIn(request, userId, now);
    }
    const values = { code: text("code"), name: text("name") };
    // New student accounts need no phone: a limit per network keeps a script from making thousands.
    const admission = hitWindow(
      `class-join:${normalizeAddress(context.clientIp)}`,
      JOINS_PER_HOUR,
      3600_000,
      now,
    );
    if (!admission.allowed)
      return refuse(
        "join",
        "Có quá nhiều lượt vào lớp từ mạng này trong một giờ qua. Hãy thử lại sau.",
        429,
        values,
      );
    const parsed = joinSchema.safeParse(values);
    if (!parsed.success) return refuse("join", firstIssue(parsed.error), 400, values);
    const joined = await joinClass({ ...parsed.data, studentId: user?.id ?? null }, now);
    return user ? redirect("/lop") : await signIn(request, joined.userId, now);
  } catch (error) {
    if (error instanceof UserError)
      return refuse(
        intent === "rejoin" ? "rejoin" : intent === "start" ? "start" : "join",
        error.message,
        error.status,
        {
          code: text("code"),
          name: text("name"),
        },
      );
    throw error;
  }
}

function ErrorNote({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
      {message}
    </p>
  ) : null;
}

export default function ClassPage() {
  const { student, signedInOther, homework, invite, archived, code, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useSubmitting();
  const error = (form: ActionData["form"]) => (actionData?.form === form ? actionData.error : undefined);
  const joinCode = actionData?.values?.code ?? invite?.code ?? code;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Lớp học</h1>
      {student && (
        <section aria-labelledby="homework" className="space-y-3">
          <h2 id="homework" className="text-xl font-bold">
            Bài tập của {student.name}
          </h2>
          <ErrorNote id="start-error" message={error("start")} />
          {homework.length === 0 ? (
            <p className="text-slate-700">Chưa có bài tập nào. Khi thầy cô giao bài, bài sẽ hiện ở đây.</p>
          ) : (
            <ul className="space-y-3">
              {homework.map((h) => {
                const open = h.opensAt <= now && now < h.closesAt;
                const left = h.attemptsAllowed - h.attemptsUsed;
                return (
                  <li key={h.id} className="card space-y-2">
                    <h3 className="text-lg font-bold">{h.title}</h3>
                    <p className="text-[15px] text-slate-700">
                      Lớp {h.classNames.join(", ")} · {formatNumber(h.questionsPerAttempt)} câu ·{" "}
                      {formatNumber(Math.round(h.timeLimitSeconds / 60))} phút
                    </p>
                    <p className="text-[15px]">
                      {now < h.opensAt
                        ? `Mở lúc ${formatDateTime(h.opensAt)}`
                        : open
                          ? `Hạn nộp: ${formatDateTime(h.closesAt)}`
                          : `Đã đóng lúc ${formatDateTime(h.closesAt)}`}
                    </p>
                    {h.bestScore !== null && (
                      <p className="font-semibold">
                        Điểm cao nhất: {h.bestScore}/{h.questionsPerAttempt}
                      </p>
                    )}
                    <div className="flex flex-wrap gap-2">
                      {h.openAttemptId !== null ? (
                        <Link to={`/bai-thi/${h.openAttemptId}`} className="btn-primary">
                          Làm tiếp
                        </Link>
                      ) : (
                        open &&
                        left > 0 && (
                          <Form method="post">
                            <input type="hidden" name="contestId" value={h.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="start"
                              className="btn-primary"
                              disabled={busy}
                            >
                              {h.attemptsUsed ? `Làm lại (còn ${left} lượt)` : "Làm bài"}
                            </button>
                          </Form>
                        )
                      )}
                      {h.lastAttemptId !== null && h.openAttemptId === null && (
                        <Link to={`/bai-thi/${h.lastAttemptId}/ket-qua`} className="btn-secondary">
                          Xem kết quả
                        </Link>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}

      {signedInOther ? (
        <p className="rounded-lg bg-amber-100 p-3 text-amber-950">
          Trang này dành cho học sinh. Bạn đang đăng nhập bằng một tài khoản khác; hãy đăng xuất nếu muốn vào
          lớp bằng tài khoản học sinh.
        </p>
      ) : (
        <>
          <section aria-labelledby="join" className="card space-y-4">
            <h2 id="join" className="text-xl font-bold">
              {student ? "Vào thêm một lớp" : "Vào lớp"}
            </h2>
            {invite && (
              <p className="text-[17px]">
                Lớp <strong>{invite.name}</strong> — {invite.schoolName}
              </p>
            )}
            <Form method="post" className="space-y-4">
              <ErrorNote id="join-error" message={error("join") ?? archived ?? undefined} />
              <div>
                <label htmlFor="join-code" className="field-label">
                  Mã lớp
                </label>
                <input
                  id="join-code"
                  name="code"
                  defaultValue={joinCode}
                  autoCapitalize="characters"
                  autoComplete="off"
                  className="field-input uppercase tracking-widest"
                  required
                />
              </div>
              {!student && (
                <div>
                  <label htmlFor="join-name" className="field-label">
                    Tên của em
                  </label>
                  <input
                    id="join-name"
                    name="name"
                    defaultValue={actionData?.form === "join" ? actionData.values?.name : undefined}
                    autoComplete="off"
                    aria-describedby="join-name-hint"
                    className="field-input"
                    required
                  />
                  <p id="join-name-hint" className="mt-1 text-[15px] text-slate-600">
                    Tên thầy cô và các bạn nhận ra em, ví dụ “Minh Anh”. Không cần số điện thoại hay ngày
                    sinh.
                  </p>
                </div>
              )}
              <button type="submit" name="intent" value="join" className="btn-primary w-full" disabled={busy}>
                Vào lớp
              </button>
            </Form>
          </section>

          {!student && (
            <section aria-labelledby="rejoin" className="card space-y-4">
              <h2 id="rejoin" className="text-xl font-bold">
                Em đã vào lớp trên máy khác?
              </h2>
              <p className="text-[15px] text-slate-700">
                Hãy xin thầy cô mã vào lại của em, rồi nhập cùng mã lớp để tiếp tục với tên và bài làm cũ.
              </p>
              <Form method="post" className="space-y-4">
                <ErrorNote id="rejoin-error" message={error("rejoin")} />
                <div>
                  <label htmlFor="rejoin-class" className="field-label">
                    Mã lớp
                  </label>
                  <input
                    id="rejoin-class"
                    name="code"
                    defaultValue={joinCode}
                    autoCapitalize="characters"
                    autoComplete="off"
                    className="field-input uppercase tracking-widest"
                    required
                  />
                </div>
                <div>
                  <label htmlFor="rejoin-code" className="field-label">
                    Mã vào lại của em
                  </label>
                  <input
                    id="rejoin-code"
                    name="rejoinCode"
                    autoCapitalize="characters"
                    autoComplete="off"
                    className="field-input uppercase tracking-widest"
                    required
                  />
                </div>
                <button
                  type="submit"
                  name="intent"
                  value="rejoin"
                  className="btn-secondary w-full"
                  disabled={busy}
                >
                  Vào lại lớp
                </button>
              </Form>
            </section>
          )}
        </>
      )}
    </div>
  );
}
