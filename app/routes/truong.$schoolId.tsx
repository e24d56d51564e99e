import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GroupBoard, RankingSwitch } from "#app/components/group-board.tsx";
import { classLeaderboard, getSchoolPlace } from "#app/models/homework.server.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Xếp hạng các lớp — ${data?.place.name ?? "Trường"}` },
];

/** Public: the classes of a school ranked (class names and figures only, no student's name). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const schoolId = idParam(params.schoolId);
  const byParticipation = new URL(request.url).searchParams.get("theo") === "tham-gia";
  const place = await orUserErrorResponse(getSchoolPlace(schoolId));
  return { place, byParticipation, classes: await classLeaderboard(schoolId, byParticipation) };
}

export default function SchoolBoard() {
  const { place, byParticipation, classes } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Xếp hạng các lớp — {place.name}</h1>
      <p className="text-[15px] text-slate-700">
        Xem các trường của{" "}
        <Link to={`/truong/don-vi/${place.unitId}`} className="underline">
          {place.unitName}
        </Link>
        {place.district && (
          <>
            {" "}
            hoặc{" "}
            <Link to={`/truong/don-vi/${place.district.id}`} className="underline">
              {place.district.name}
            </Link>
          </>
        )}
        .
      </p>
      <RankingSwitch byParticipation={byParticipation} path={`/truong/${place.id}`} />
      <GroupBoard caption={`Các lớp của ${place.name}`} rows={classes} byParticipation={byParticipation} />
    </div>
  );
}
