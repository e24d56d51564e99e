import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { MAX_CHOICES } from "#content/limits.ts";
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
  existing?: { id: string; image: string | null; choiceImages: string[] },
  // A teacher writing their own question (`/giao-vien/cau-hoi`): it is theirs, and they go back to their list.
  teacher?: { ownerId: number; redirectTo: (id: string) => string },
) {
  const formData = await readUploadForm(request, MAX_UPLOAD_BYTES);
  if (!formData) {
    return data(
      { result: { status: "error" as const, error: { "": ["Ảnh quá lớn: tối đa 5 MB."] } }, values: null },
      { status: 400 },
    );
  }
  const fileIn = (name: string) => {
    const upload = formData.get(name);
    return upload instanceof File && upload.size > 0 ? upload : null;
  };
  const newImage = fileIn("image");
  const keptImage = formData.get("removeImage") ? null : (existing?.image ?? null);
  // A choice box keeps the picture it showed (only one of this question's own) unless it is removed.
  const keptChoiceImages = formData.getAll("choiceImageKept").map((kept, i) => {
    const removed = formData.getAll("removeChoiceImage").includes(String(i));
    return !removed && existing?.choiceImages.includes(String(kept)) ? String(kept) : null;
  });
  const newChoiceImages = Array.from({ length: MAX_CHOICES }, (_, i) => fileIn(`choiceImage${i}`));
  const topicIds = (await listTopics()).map((t) => t.id);
  const skillIds = (await listSkills()).map((s) => s.id);
  const submission = parseWithZod(formData, {
    schema: questionFormSchema(
      topicIds,
      skillIds,
      Boolean(newImage ?? keptImage),
      newChoiceImages.map((upload, i) => Boolean(upload ?? keptChoiceImages[i])),
    ),
  });
  const fail = (result: ReturnType<typeof submission.reply>) =>
    data({ result, values: submittedValues(formData, keptImage, keptChoiceImages) }, { status: 400 });
  if (submission.status !== "success") return fail(submission.reply());

  const store = async (upload: File) => storeImage(Buffer.from(await upload.arrayBuffer()));
  let image = keptImage ?? undefined;
  const choiceImages = [...keptChoiceImages];
  try {
    if (newImage) image = await store(newImage);
  } catch (error) {
    if (error instanceof UserError)
      return fail(submission.reply({ fieldErrors: { imageAlt: [error.message] } }));
    throw error;
  }
  for (const [i, upload] of newChoiceImages.entries()) {
    try {
      if (upload) choiceImages[i] = await store(upload);
    } catch (error) {
      if (error instanceof UserError)
        return fail(submission.reply({ fieldErrors: { choice: [`Lựa chọn ${i + 1}: ${error.message}`] } }));
      throw error;
    }
  }
  const { id } = await saveQuestion(
    {
      id: existing?.id,
      topicId: submission.value.topicId,
      content: formToContent(submission.value, image, choiceImages),
      ownerId: teacher?.ownerId,
    },
    userId,
  );
  return redirect(teacher ? teacher.redirectTo(id) : `/quan-tri/cau-hoi/${id}?da-luu=1`);
}
