import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, redirect, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { joinGame } from "#app/models/live-games.server.ts";
import { getUser } from "#app/utils/auth.server.ts";
import { UserError } from "#app/utils/errors.ts";
import { data, readForm } from "#app/utils/http.server.ts";
import { playerTokenCookie } from "#app/utils/live-events.server.ts";

export const meta: MetaFunction = () => [{ title: "Vào trò chơi — Công dân số" }];

const joinSchema = z.object({
  pin: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "Mã PIN gồm 6 chữ số, in trên màn hình của giáo viên."),
  name: z.string().max(100, "Tên hiển thị tối đa 24 ký tự.").default(""),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const pin = new URL(request.url).searchParams.get("pin") ?? "";
  const user = await getUser(request);
  return { pin: /^\d{6}$/.test(pin) ? pin : "", accountName: user?.role === "student" ? user.name : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = joinSchema.safeParse(Object.fromEntries(form));
  const pin = String(form.get("pin") ?? "").slice(0, 6);
  const name = String(form.get("name") ?? "").slice(0, 100);
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message, pin, name }, { status: 400 });
  try {
    const joined = await joinGame(
      { ...parsed.data, address: context.clientIp },
      await getUser(request),
      Date.now(),
    );
    return redirect(`/choi/${parsed.data.pin}`, {
      headers: { "Set-Cookie": await playerTokenCookie(request, joined.token) },
    });
  } catch (error) {
    if (error instanceof UserError)
      return data({ error: error.message, pin, name }, { status: error.status });
    throw error;
  }
}

export default function JoinGame() {
  const { pin, accountName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <Form method="post" className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Vào trò chơi</h1>
      {actionData?.error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 font-medium text-red-800">
          {actionData.error}
        </p>
      )}
      <div>
        <label htmlFor="pin" className="field-label">
          Mã PIN
        </label>
        <input
          id="pin"
          name="pin"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          required
          defaultValue={actionData?.pin ?? pin}
          className="field-input text-center font-mono text-3xl tracking-widest"
        />
      </div>
      <div>
        <label htmlFor="name" className="field-label">
          Tên hiển thị
        </label>
        <input
          id="name"
          name="name"
          maxLength={24}
          required
          autoComplete="nickname"
          defaultValue={actionData?.name ?? accountName ?? ""}
          className="field-input"
        />
        <p className="mt-1 text-[15px] text-slate-600">
          Tên này hiện trên màn hình của lớp.
          {accountName && " Trò chơi của lớp bạn nhận ra tài khoản học sinh của bạn."}
        </p>
      </div>
      <button type="submit" className="btn-primary w-full text-xl">
        Vào chơi
      </button>
    </Form>
  );
}
