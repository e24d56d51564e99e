import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LIVE_MAX_QUESTIONS, LIVE_TIME_LIMITS } from "#app/domain/live-game.ts";
import { createGame, HOST_ROLES, listHostClasses, listHostedGames } from "#app/models/live-games.server.ts";
import { listTopics } from "#app/models/questions.server.ts";
import { requireRole } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatDateTime } from "#app/utils/format.ts";
import { data, readForm } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Trò chơi trực tiếp — Công dân số" }];
export const handle = { wide: true };

const statusLabels = {
  lobby: "Đang chờ người chơi",
  question: "Đang chơi",
  closed: "Đang chơi",
  leaderboard: "Đang chơi",
  finished: "Đã kết thúc",
} as const;

const gameSchema = z.object({
  title: z.string().trim().min(1, "Hãy đặt tên cho trò chơi.").max(80, "Tên trò chơi tối đa 80 ký tự."),
  topics: z.array(z.string().max(100)).min(1, "Hãy chọn ít nhất một chủ đề."),
  questionCount: z.coerce
    .number()
    .int()
    .min(1, "Số câu hỏi từ 1 đến 30.")
    .max(LIVE_MAX_QUESTIONS, "Số câu hỏi từ 1 đến 30."),
  timeLimit: z.coerce
    .number()
    .refine((n) => (LIVE_TIME_LIMITS as readonly number[]).includes(n), "Hãy chọn thời gian cho mỗi câu."),
  speedPoints: z.enum(["on", "off"]).default("off"),
  classId: z
    .string()
    .regex(/^\d{0,15}$/, "Lớp không hợp lệ.")
    .transform((v) => (v ? Number(v) : null)),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, HOST_ROLES);
  const [games, classes, topics] = await Promise.all([
    listHostedGames(user),
    listHostClasses(user),
    listTopics(),
  ]);
  return { games, classes, topics };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, HOST_ROLES);
  const form = await readForm(request);
  const parsed = gameSchema.safeParse({
    title: form.get("title") ?? "",
    topics: form.getAll("topics"),
    questionCount: form.get("questionCount") ?? "",
    timeLimit: form.get("timeLimit") ?? "",
    speedPoints: form.get("speedPoints") ?? undefined,
    classId: form.get("classId") ?? "",
  });
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  const input = parsed.data;
  try {
    const game = await createGame(
      user,
      {
        title: input.title,
        topicIds: input.topics,
        questionCount: input.questionCount,
        timeLimitSeconds: input.timeLimit,
        speedPoints: input.speedPoints === "on",
        classId: input.classId,
      },
      Date.now(),
    );
    return redirect(`/tro-choi/${game.id}`);
  } catch (error) {
    if (error instanceof UserError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function LiveGames() {
  const { games, classes, topics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Trò chơi trực tiếp</h1>
      <p className="text-slate-700">
        Chiếu màn hình trò chơi lên máy chiếu; học sinh vào <strong>/choi</strong> trên điện thoại, nhập mã
        PIN và tên, rồi trả lời từng câu.
      </p>
      <Form method="post" className="card max-w-2xl space-y-4">
        <h2 className="text-xl font-bold">Tạo trò chơi mới</h2>
        {actionData?.error && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
            {actionData.error}
          </p>
        )}
        <div>
          <label htmlFor="title" className="field-label">
            Tên trò chơi
          </label>
          <input id="title" name="title" required maxLength={80} className="field-input" />
        </div>
        <fieldset>
          <legend className="field-label">Chủ đề (câu hỏi đã xuất bản)</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {topics.map((topic) => (
              <label key={topic.id} className="flex min-h-12 items-center gap-2">
                <input type="checkbox" name="topics" value={topic.id} className="h-5 w-5" />
                {topic.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="questionCount" className="field-label">
              Số câu hỏi
            </label>
            <input
              id="questionCount"
              name="questionCount"
              type="number"
              min={1}
              max={LIVE_MAX_QUESTIONS}
              defaultValue={10}
              required
              className="field-input"
            />
          </div>
          <div>
            <label htmlFor="timeLimit" className="field-label">
              Thời gian mỗi câu
            </label>
            <select id="timeLimit" name="timeLimit" defaultValue="20" className="field-input">
              {LIVE_TIME_LIMITS.map((s) => (
                <option key={s} value={s}>
                  {s} giây
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className="flex min-h-12 items-center gap-2">
          <input type="checkbox" name="speedPoints" value="on" defaultChecked className="h-5 w-5" />
          Tính điểm tốc độ (tắt đi: mỗi câu đúng 1.000 điểm, không vội)
        </label>
        {classes.length > 0 && (
          <div>
            <label htmlFor="classId" className="field-label">
              Lớp (kết quả được lưu cho lớp)
            </label>
            <select id="classId" name="classId" defaultValue="" className="field-input">
              <option value="">Không gắn với lớp nào</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="btn-primary">
          Tạo trò chơi
        </button>
      </Form>
      {games.length > 0 && (
        <section>
          <h2 className="text-xl font-bold">Trò chơi gần đây</h2>
          <ul className="mt-2 space-y-2">
            {games.map((game) => (
              <li key={game.id} className="card flex flex-wrap items-center justify-between gap-2">
                <span>
                  <Link to={`/tro-choi/${game.id}`} className="font-semibold underline">
                    {game.title}
                  </Link>{" "}
                  — {statusLabels[game.status]}, tạo lúc {formatDateTime(game.createdAt)}
                </span>
                {game.status === "finished" && (
                  <a href={`/tro-choi/${game.id}/ket-qua.xlsx`} className="underline">
                    Xuất Excel
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
