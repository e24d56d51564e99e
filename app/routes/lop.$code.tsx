import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** The class's QR code links here: the join form with the code filled in. */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/lop?ma=${encodeURIComponent((params.code ?? "").slice(0, 20))}`);
}
