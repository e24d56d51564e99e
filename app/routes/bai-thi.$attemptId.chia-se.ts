import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { createShareLink } from "#app/models/certificates.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { idParam, orUserErrorResponse } from "#app/utils/http.server.ts";

// "Chia sẻ kết quả" on the result page: makes the result's public link (the same one when asked again) and
// opens it; the result page's script reads the address it lands on to share or copy it.

export const loader = ({ params }: LoaderFunctionArgs) =>
  redirect(`/bai-thi/${idParam(params.attemptId)}/ket-qua`);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const code = await orUserErrorResponse(createShareLink(idParam(params.attemptId), user.id, Date.now()));
  return redirect(`/chia-se/${code}?moi=1`);
}
