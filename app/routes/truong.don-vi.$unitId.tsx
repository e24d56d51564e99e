import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupBoard, RankingSwitch } from "#app/components/group-board.tsx";
import { schoolLeaderboard } from "#app/models/homework.server.ts";
import { getUnit } from "#app/models/units.server.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Xếp hạng các trường — ${data?.unit.name ?? ""}` },
];

/** Public: the schools of a commune or district ranked over all their classes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const unitId = idParam(params.unitId);
  const unit = await getUnit(unitId);
  invariantResponse(unit, "Không tìm thấy đơn vị.");
  const byParticipation = new URL(request.url).searchParams.get("theo") === "tham-gia";
  return {
    unit: { id: unit.id, name: unit.name },
    byParticipation,
    schools: await orUserErrorResponse(schoolLeaderboard(unitId, byParticipation)),
  };
}

export default function UnitSchoolsBoard() {
  const { unit, byParticipation, schools } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Xếp hạng các trường — {unit.name}</h1>
      <RankingSwitch byParticipation={byParticipation} path={`/truong/don-vi/${unit.id}`} />
      <GroupBoard
        caption={`Các trường của ${unit.name}`}
        rows={schools}
        byParticipation={byParticipation}
        href={(id) => `/truong/${id}`}
      />
    </div>
  );
}
