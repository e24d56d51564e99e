import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { UserError } from "./errors.ts";

/** Throws a response (404 by default) with a Vietnamese message for the error boundary when `condition` fails. */
export function invariantResponse(condition: unknown, message: string, status = 404): asserts condition {
  if (!condition)
    throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A positive integer route parameter, or a 404. */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  invariantResponse(Number.isSafeInteger(id) && id > 0, "Không tìm thấy trang.");
  return id;
}

export { data };

/** Runs `work`; a UserError becomes a thrown response with its status and message, for the error boundary. */
export async function orUserErrorResponse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UserError) invariantResponse(false, error.message, error.status);
    throw error;
  }
}

function unreadableForm(): never {
  throw new Response("Không đọc được dữ liệu gửi lên. Hãy tải lại trang và gửi lại.", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** The posted form; a body that claims to be a form but is not (a script, a cut-off upload) is a 400, not a 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return unreadableForm();
  }
}

/** A multipart form (uploads kept in memory), or null when a file is larger than `maxFileBytes`. */
export async function readUploadForm(request: Request, maxFileBytes: number): Promise<FormData | null> {
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    return unreadableForm();
  }
}
