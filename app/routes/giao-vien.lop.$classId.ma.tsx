import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { archivedClassRefusal, getTeacherClass, requireTeacher } from "#app/models/classes.server.ts";
import { idParam, invariantResponse, orUserErrorResponse } from "#app/utils/http.server.ts";
import { qrSvg } from "#app/utils/qr.server.ts";

export const meta: MetaFunction = () => [{ title: "Mã vào lớp — Công dân số" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const teacher = await requireTeacher(request);
  const classRow = await orUserErrorResponse(getTeacherClass(teacher.id, idParam(params.classId)));
  // An archived class's code takes no one: printing or projecting it would only send students to a refusal.
  invariantResponse(classRow.archivedAt === null, archivedClassRefusal(classRow.name), 409);
  const joinUrl = `${new URL(request.url).origin}/lop/${classRow.joinCode}`;
  return { classRow, joinUrl, qr: await qrSvg(joinUrl) };
}

/** A page to print or to show on the projector: the class code and its QR code, large. */
export default function ClassCodeSheet() {
  const { classRow, joinUrl, qr } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4 text-center">
      <Link to=".." relative="path" className="underline print:hidden">
        ← Về lớp {classRow.name}
      </Link>
      <h1 className="text-3xl font-bold">
        Lớp {classRow.name} — {classRow.schoolName}
      </h1>
      <p className="text-xl">
        Vào lớp: quét mã QR, hoặc mở {joinUrl.replace(/^https?:\/\//, "").replace(/\/lop\/.*/, "/lop")} và
        nhập mã
      </p>
      <p className="font-mono text-6xl font-bold tracking-[0.3em] sm:text-8xl">{classRow.joinCode}</p>
      <div
        role="img"
        aria-label={`Mã QR vào lớp ${classRow.name}`}
        className="mx-auto w-full max-w-md bg-white"
        dangerouslySetInnerHTML={{ __html: qr }}
      />
    </div>
  );
}
