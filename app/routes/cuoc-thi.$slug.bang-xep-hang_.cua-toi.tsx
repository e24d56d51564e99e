// The signed-in resident's own place on a leaderboard, kept out of the leaderboard page so that page can be
// the same for everyone (served from the page cache). The leaderboard's script loads it; without JavaScript
// the leaderboard links here.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { IndividualList, LEADERBOARD_PAGE_SIZE as PAGE_SIZE } from "#app/components/individual-list.tsx";
import { boardRound, boardRoundParam, getPublicContest } from "#app/models/contests.server.ts";
import { contestBoard, getPlaceWithNeighbours, roundBoard } from "#app/models/leaderboards.server.ts";
import { getUser } from "#app/utils/auth.server.ts";
import { formatNumber } from "#app/utils/format.ts";
import { invariantResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Vị trí của bạn — Bảng xếp hạng" }];

const querySchema = z.object({
  vong: boardRoundParam,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const contest = await getPublicContest(params.slug ?? "");
  invariantResponse(contest, "Không tìm thấy cuộc thi này.");
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(parsed.success, "Đường dẫn bảng xếp hạng không hợp lệ.", 400);
  const { vong } = parsed.data;
  const round = boardRound(contest.rounds, vong, Date.now());
  invariantResponse(round !== undefined, "Không có tuần thi này.");
  const user = await getUser(request);
  const base = { slug: contest.slug, title: contest.title, vong: round ? round.number : ("tong" as const) };
  const maxScore = round ? contest.rules.questionsPerAttempt : null;
  if (!user) return { ...base, signedIn: false as const, userId: null, place: null, maxScore };
  const place = await getPlaceWithNeighbours(
    round ? roundBoard(round.id) : contestBoard(contest.id),
    user.id,
  );
  return { ...base, signedIn: true as const, userId: user.id, place, maxScore };
}

export default function MyPlace() {
  const { slug, title, vong, signedIn, userId, place, maxScore } = useLoaderData<typeof loader>();
  const board = `/cuoc-thi/${slug}/bang-xep-hang?vong=${vong}`;
  const here = `/cuoc-thi/${slug}/bang-xep-hang/cua-toi?vong=${vong}`;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold leading-tight">Vị trí của bạn</h1>
        <p className="text-slate-700">
          <Link to={board} className="underline">
            Bảng xếp hạng {vong === "tong" ? "tổng" : `tuần ${vong}`} — {title}
          </Link>
        </p>
      </div>
      {!signedIn ? (
        <p className="card">
          <Link to={`/dang-nhap?redirectTo=${encodeURIComponent(here)}`} className="font-semibold underline">
            Đăng nhập
          </Link>{" "}
          để xem vị trí của bạn.
        </p>
      ) : !place ? (
        <p className="card">Bạn chưa có tên trong bảng xếp hạng này. Hãy nộp một bài thi để có tên.</p>
      ) : (
        <>
          <p className="rounded-lg bg-brand-50 p-3 font-medium">
            Bạn đang xếp hạng {formatNumber(place.rank)} trên {formatNumber(place.of)} người.
          </p>
          <IndividualList rows={place.rows} meId={userId} maxScore={maxScore} />
          <p>
            <Link
              reloadDocument
              to={`${board}${place.rank > PAGE_SIZE ? `&trang=${Math.ceil(place.rank / PAGE_SIZE)}` : ""}`}
              className="underline"
            >
              Xem trang có tên bạn
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
