import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { storeImage, MAX_UPLOAD_BYTES } from "#app/models/images.server.ts";
import { listSkills, listTopics, saveQuestion } from "#app/models/questions.server.ts";
import { UserError } from "./errors.ts";
import { data, readUploadForm } from "./http.server.ts";
import { formToContent, questionFormSchema, submittedValues } from "./question-form.server.ts";

/**
 * The create and edit actions of the console's question form: multipart (for the picture), validated with
 * the content rules, saved as a new draft revision. Errors come back with everything that was typed.
 */
export async function handleQuestionForm(
  request: Request,
  userId: number,
  existing?: { id: string; image: string | null },
) {
  const formData = await readUploadForm(request, MAX_UPLOAD_BYTES);
  if (!formData) {
    return data(
      { result: { status: "error" as const, error: { "": ["Ảnh quá lớn: tối đa 5 MB."] } }, values: null },
      { status: 400 },
    );
  }
  const upload = formData.get("image");
  const newImage = upload instanceof File && upload.size > 0 ? upload : null;
  const keptImage = formData.get("removeImage") ? null : (existing?.image ?? null);
  const topicIds = (await listTopics()).map((t) => t.id);
  const skillIds = (await listSkills()).map((s) => s.id);
  const submission = parseWithZod(formData, {
    schema: questionFormSchema(topicIds, skillIds, Boolean(newImage ?? keptImage)),
  });
  const fail = (result: ReturnType<typeof submission.reply>) =>
    data({ result, values: submittedValues(formData, keptImage) }, { status: 400 });
  if (submission.status !== "success") return fail(submission.reply());

  let image = keptImage ?? undefined;
  if (newImage) {
    try {
      image = await storeImage(Buffer.from(await newImage.arrayBuffer()));
    } catch (error) {
      if (error instanceof UserError)
        return fail(submission.reply({ fieldErrors: { imageAlt: [error.message] } }));
      throw error;
    }
  }
  const { id } = await saveQuestion(
    { id: existing?.id, topicId: submission.value.topicId, content: formToContent(submission.value, image) },
    userId,
  );
  return redirect(`/quan-tri/cau-hoi/${id}?da-luu=1`);
}
