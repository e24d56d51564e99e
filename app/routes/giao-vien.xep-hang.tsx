import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GroupBoard, RankingSwitch } from "#app/components/group-board.tsx";
import { requireTeacher } from "#app/models/classes.server.ts";
import { classLeaderboard, getSchoolPlace, schoolLeaderboard } from "#app/models/homework.server.ts";

export const meta: MetaFunction = () => [{ title: "Xếp hạng lớp và trường — Công dân số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  const byParticipation = new URL(request.url).searchParams.get("theo") === "tham-gia";
  const place = await getSchoolPlace(teacher.schoolId);
  return {
    byParticipation,
    place,
    classes: await classLeaderboard(teacher.schoolId, byParticipation),
    commune: await schoolLeaderboard(place.unitId, byParticipation),
    district: place.district && (await schoolLeaderboard(place.district.id, byParticipation)),
  };
}

export default function TeacherBoards() {
  const { byParticipation, place, classes, commune, district } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Xếp hạng</h1>
      <p className="text-[15px] text-slate-700">
        Từ bài tập và trò chơi trên lớp. Điểm trung bình: kết quả trung bình (%) của các em đã làm. Tính cả tỉ
        lệ tham gia: em chưa làm tính 0 điểm, như cách xếp hạng trường trong các cuộc thi toàn quốc. Trang
        công khai:{" "}
        <Link to={`/truong/${place.id}`} className="underline">
          bảng xếp hạng của trường
        </Link>
        .
      </p>
      <RankingSwitch byParticipation={byParticipation} path="/giao-vien/xep-hang" />
      <section aria-labelledby="classes" className="space-y-2">
        <h2 id="classes" className="text-xl font-bold">
          Các lớp của {place.name}
        </h2>
        <GroupBoard caption={`Các lớp của ${place.name}`} rows={classes} byParticipation={byParticipation} />
      </section>
      <section aria-labelledby="commune" className="space-y-2">
        <h2 id="commune" className="text-xl font-bold">
          Các trường của {place.unitName}
        </h2>
        <GroupBoard
          caption={`Các trường của ${place.unitName}`}
          rows={commune}
          byParticipation={byParticipation}
        />
      </section>
      {place.district && district && (
        <section aria-labelledby="district" className="space-y-2">
          <h2 id="district" className="text-xl font-bold">
            Các trường của {place.district.name}
          </h2>
          <GroupBoard
            caption={`Các trường của ${place.district.name}`}
            rows={district}
            byParticipation={byParticipation}
          />
        </section>
      )}
    </div>
  );
}
