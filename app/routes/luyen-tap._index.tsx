import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { PRACTICE_XP_PER_CORRECT } from "#app/domain/progress.ts";
import { startPractice } from "#app/models/practice.server.ts";
import { countPracticeByTopic, listTopics } from "#app/models/questions.server.ts";
import { getUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { formatNumber } from "#app/utils/format.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { hitWindow } from "#app/utils/rate-limit.server.ts";

export const meta: MetaFunction = () => [
  { title: "Luyện tập — Công dân số" },
  {
    name: "description",
    content: "Luyện tập kỹ năng số theo chủ đề: không cần đăng nhập, không tính điểm, xem giải thích ngay.",
  },
];

// Practice sessions started per address and minute, counted in SQLite so every server process shares it.
const STARTS_PER_MINUTE = 30;

const startSchema = z.object({ topic: z.string().trim().min(1).max(100) });

export async function loader({ request }: LoaderFunctionArgs) {
  const [topics, counts, user] = await Promise.all([
    listTopics(),
    countPracticeByTopic(Date.now()),
    getUser(request),
  ]);
  return {
    signedIn: user !== null,
    topics: topics.map((t) => ({
      id: t.id,
      name: t.name,
      count: counts.get(t.id)?.practice ?? 0,
      kept: counts.get(t.id)?.kept ?? 0,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = startSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return data({ error: "Hãy chọn một chủ đề để luyện tập.", topic: null }, { status: 400 });
  const { topic } = parsed.data;
  if (!hitWindow(`practice:address:${context.clientIp}`, STARTS_PER_MINUTE, 60_000).allowed)
    return data(
      {
        error: "Bạn đã bắt đầu quá nhiều lượt luyện tập trong một phút. Hãy đợi một phút rồi thử lại.",
        topic,
      },
      { status: 429 },
    );
  try {
    // A signed-in resident's run earns XP (models/progress).
    const user = await getUser(request);
    const token = await startPractice(topic, Date.now(), Math.random, user?.id ?? null);
    return redirect(`/luyen-tap/${token}/1`);
  } catch (error) {
    if (error instanceof UserError) return data({ error: error.message, topic }, { status: error.status });
    throw error;
  }
}

export default function PracticeTopics() {
  const { topics, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const starting = navigation.state !== "idle" ? navigation.formData?.get("topic") : null;
  const known = actionData?.topic && topics.some((t) => t.id === actionData.topic);
  return (
    <div className="space-y-5">
      <section>
        <h1 className="text-2xl font-bold leading-tight">Luyện tập</h1>
        <p className="mt-1 text-slate-700">
          Chọn một chủ đề và trả lời từng câu. Bạn biết ngay mình đúng hay sai, kèm giải thích. Không tính vào
          cuộc thi, không cần đăng nhập.
        </p>
        {signedIn ? (
          <p className="mt-2 text-[15px] text-slate-700">
            Mỗi câu bạn trả lời đúng lần đầu được cộng {PRACTICE_XP_PER_CORRECT} điểm kinh nghiệm vào{" "}
            <Link to="/ho-so" className="underline">
              hồ sơ của bạn
            </Link>
            .
          </p>
        ) : (
          <p className="mt-2">
            <Link to="/dang-nhap?redirectTo=%2Fluyen-tap" className="underline">
              Đăng nhập để được tính điểm kinh nghiệm
            </Link>
          </p>
        )}
        <p className="mt-2">
          <Link to="/luyen-tap/goi" className="underline">
            Tải câu hỏi về máy để luyện cả khi mất mạng
          </Link>
        </p>
      </section>
      {actionData?.error && !known && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}
      {topics.length === 0 ? (
        <p className="card">Hiện chưa có chủ đề nào. Hãy quay lại sau.</p>
      ) : (
        <ul className="space-y-4">
          {topics.map((topic) => (
            <li key={topic.id} className="card">
              <h2 id={`chu-de-${topic.id}`} className="text-lg font-bold leading-snug">
                {topic.name}
              </h2>
              <p className="mt-1 text-[15px] text-slate-600">
                {topic.count > 0 ? `${formatNumber(topic.count)} câu hỏi để luyện tập` : "Chưa có câu hỏi"}
                {topic.kept > 0 && (
                  <span className="block">
                    {formatNumber(topic.kept)} câu khác được giữ riêng cho cuộc thi.
                  </span>
                )}
              </p>
              {actionData?.error && actionData.topic === topic.id && (
                <p role="alert" className="mt-2 rounded-lg bg-red-50 p-3 font-medium text-red-800">
                  {actionData.error}
                </p>
              )}
              {topic.count > 0 && (
                <Form method="post" className="mt-3">
                  <input type="hidden" name="topic" value={topic.id} />
                  <button
                    type="submit"
                    className="btn-primary w-full"
                    aria-describedby={`chu-de-${topic.id}`}
                    disabled={starting === topic.id}
                  >
                    {starting === topic.id ? "Đang mở…" : "Luyện tập"}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
