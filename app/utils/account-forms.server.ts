import { z } from "zod";
import { isLeafUnit } from "#app/models/units.server.ts";
import { isPhoneRegistered } from "#app/models/users.server.ts";

/** Accepts "0912 345 678", "0912.345.678" or "+84912345678"; stores "0912345678". */
const phoneSchema = z
  .string({ error: "Vui lòng nhập số điện thoại." })
  .transform((v) => v.replace(/[\s.\-()]/g, "").replace(/^\+?84(?=\d{9}$)/, "0"))
  .pipe(
    z
      .string()
      .regex(/^0[35789]\d{8}$/, "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."),
  );

const thisYear = new Date().getFullYear();

/** The registration form; the checks that need the database are async refinements, so all errors come back together. */
export const registerSchema = z.object({
  name: z
    .string({ error: "Vui lòng nhập họ và tên." })
    .trim()
    .min(2, "Họ và tên quá ngắn.")
    .max(80, "Họ và tên dài tối đa 80 ký tự.")
    .regex(/^[\p{L}\p{M}' .-]+$/u, "Họ và tên chỉ gồm chữ cái và dấu cách."),
  phone: phoneSchema.refine(
    async (phone) => !(await isPhoneRegistered(phone)),
    "Số điện thoại này đã được đăng ký. Hãy đăng nhập.",
  ),
  birthYear: z.coerce
    .number({ error: "Vui lòng nhập năm sinh." })
    .int("Năm sinh là một số, ví dụ 1985.")
    .min(1900, "Năm sinh không hợp lệ.")
    .max(thisYear - 6, "Người thi phải từ 6 tuổi trở lên."),
  units: z
    .array(z.coerce.number().int().positive())
    .max(6)
    .default([])
    .refine(
      async (ids) => ids.length > 0 && (await isLeafUnit(ids.at(-1)!)),
      "Vui lòng chọn xã, phường hoặc thị trấn nơi bạn sống.",
    ),
  password: z
    .string({ error: "Vui lòng nhập mật khẩu." })
    .min(8, "Mật khẩu cần ít nhất 8 ký tự.")
    .max(200, "Mật khẩu dài tối đa 200 ký tự."),
  consent: z.literal("on", { error: "Bạn cần đồng ý để tiếp tục." }),
});

export const loginSchema = z.object({
  phone: phoneSchema,
  password: z.string({ error: "Vui lòng nhập mật khẩu." }).min(1, "Vui lòng nhập mật khẩu.").max(200),
  redirectTo: z.string().optional(),
});

export type RegisterForm = z.input<typeof registerSchema>;
export type LoginForm = z.input<typeof loginSchema>;
