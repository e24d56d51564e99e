import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listActiveContests } from "#app/models/contests.server.ts";
import { roundState } from "#app/domain/timing.ts";
import { getUser } from "#app/utils/auth.server.ts";
import { formatDateTime } from "#app/utils/format.ts";

export const meta: MetaFunction = () => [
  { title: "Công dân số — Cuộc thi kỹ năng số cho mọi người" },
  {
    name: "description",
    content:
      "Thi tìm hiểu kỹ năng số trên điện thoại: nhận diện lừa đảo, VNeID, thanh toán không dùng tiền mặt.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const now = Date.now();
  const [user, contests] = await Promise.all([getUser(request), listActiveContests(now)]);
  return { now, signedIn: user !== null, contests };
}

export default function Home() {
  const { now, signedIn, contests } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <section>
        <h1 className="text-2xl font-bold leading-tight">Cuộc thi đang diễn ra</h1>
        <p className="mt-1 text-slate-700">
          Thi trên điện thoại, vài phút mỗi lượt. Xem đáp án và giải thích sau khi nộp bài.
        </p>
      </section>
      {contests.length === 0 ? (
        <p className="card">Hiện chưa có cuộc thi nào đang mở. Hãy quay lại sau.</p>
      ) : (
        <ul className="space-y-4">
          {contests.map((c) => {
            const open = roundState(c.round, now) === "open";
            return (
              <li key={c.id} className="card">
                {c.bannerImage && (
                  <img
                    src={`/anh/${c.bannerImage}`}
                    alt=""
                    className="mb-3 max-h-40 w-full rounded-lg object-cover"
                    loading="lazy"
                  />
                )}
                <h2 className="text-xl font-bold">
                  <Link
                    to={`/cuoc-thi/${c.slug}`}
                    className="text-brand-700 underline-offset-2 hover:underline"
                  >
                    {c.title}
                  </Link>
                </h2>
                <p className="mt-1 text-slate-700">{c.summary}</p>
                <p className="mt-2 font-medium">
                  {open ? (
                    <span className="text-green-800">
                      ● Tuần {c.round.number} đang mở, đóng lúc {formatDateTime(c.round.closesAt)}
                    </span>
                  ) : (
                    <span>
                      Tuần {c.round.number} mở lúc {formatDateTime(c.round.opensAt)}
                    </span>
                  )}
                </p>
                <p className="text-[15px] text-slate-600">
                  {c.questionsPerAttempt} câu hỏi · {Math.round(c.timeLimitSeconds / 60)} phút
                </p>
                <div className="mt-3 flex flex-wrap gap-3">
                  <Link to={`/cuoc-thi/${c.slug}`} className="btn-primary">
                    {open ? "Vào thi" : "Xem thể lệ"}
                  </Link>
                  <Link to={`/cuoc-thi/${c.slug}/bang-xep-hang`} reloadDocument className="btn-secondary">
                    Bảng xếp hạng
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <section className="card">
        <h2 className="text-lg font-bold">Luyện tập trước khi thi</h2>
        <p className="mt-1">
          Trả lời thử từng câu theo chủ đề, xem ngay đáp án và giải thích. Không cần đăng nhập, không tính
          điểm.
        </p>
        <Link to="/luyen-tap" className="btn-secondary mt-3">
          Luyện tập
        </Link>
      </section>
      {!signedIn && (
        <section className="card">
          <h2 className="text-lg font-bold">Lần đầu tham gia?</h2>
          <p className="mt-1">Đăng ký một lần bằng số điện thoại, rồi thi bất cứ lúc nào trong tuần.</p>
          <p className="mt-3 flex flex-wrap gap-3">
            <Link to="/dang-ky" className="btn-primary">
              Đăng ký
            </Link>
            <Link to="/dang-nhap" className="btn-secondary">
              Đăng nhập
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
