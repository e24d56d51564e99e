import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { issueCertificate } from "#app/models/certificates.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { idParam, invariantResponse, orUserErrorResponse, readForm } from "#app/utils/http.server.ts";

// "Tải giấy chứng nhận (PDF)" on the result page: issues the certificate (the same one when asked again) and
// sends the browser on to its PDF.

const formSchema = z.object({ kind: z.enum(["completion", "prize"]) });

export const loader = ({ params }: LoaderFunctionArgs) =>
  redirect(`/bai-thi/${idParam(params.attemptId)}/ket-qua`);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const attemptId = idParam(params.attemptId);
  const form = formSchema.safeParse(Object.fromEntries(await readForm(request)));
  invariantResponse(form.success, "Hãy chọn loại giấy chứng nhận.", 400);
  const code = await orUserErrorResponse(
    issueCertificate({ attemptId, userId: user.id, kind: form.data.kind, now: Date.now() }),
  );
  return redirect(`/chung-nhan/${code}/pdf`);
}
