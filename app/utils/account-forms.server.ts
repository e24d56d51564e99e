import { z } from "zod";
import { checkPersonName, NAME_MAX_LENGTH } from "#app/domain/names.ts";
import { parseAddressPattern } from "#app/models/registration-limits.server.ts";
import { isLeafUnit } from "#app/models/units.server.ts";
import { isPhoneRegistered } from "#app/models/users.server.ts";

/** Accepts "0912 345 678", "0912.345.678" or "+84912345678"; stores "0912345678". */
export const phoneSchema = z
  .string({ error: "Vui lòng nhập số điện thoại." })
  .transform((v) => v.replace(/[\s.\-()]/g, "").replace(/^\+?84(?=\d{9}$)/, "0"))
  .pipe(
    z
      .string()
      .regex(/^0[35789]\d{8}$/, "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678)."),
  );

/** A name people choose for themselves, normalised (`domain/names`); use it wherever a resident sets a name. */
export const personNameSchema = z
  .string({ error: "Vui lòng nhập họ và tên." })
  .max(4 * NAME_MAX_LENGTH, `Họ và tên dài tối đa ${NAME_MAX_LENGTH} ký tự.`)
  .transform((raw, ctx) => {
    const checked = checkPersonName(raw);
    if (checked.ok) return checked.name;
    ctx.addIssue({ code: "custom", message: checked.message });
    return z.NEVER;
  });

const newPasswordSchema = z
  .string({ error: "Vui lòng nhập mật khẩu." })
  .min(8, "Mật khẩu cần ít nhất 8 ký tự.")
  .max(200, "Mật khẩu dài tối đa 200 ký tự.");

const thisYear = new Date().getFullYear();

/** The registration form; the checks that need the database are async refinements, so all errors come back together. */
export const registerSchema = z.object({
  name: personNameSchema,
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
  password: newPasswordSchema,
  consent: z.literal("on", { error: "Bạn cần đồng ý để tiếp tục." }),
});

export const loginSchema = z.object({
  phone: phoneSchema,
  password: z.string({ error: "Vui lòng nhập mật khẩu." }).min(1, "Vui lòng nhập mật khẩu.").max(200),
  redirectTo: z.string().optional(),
});

export type RegisterForm = z.input<typeof registerSchema>;
export type LoginForm = z.input<typeof loginSchema>;

/** Durations an organiser can grant a registration allowance for, in days. */
export const ALLOWANCE_DAYS = [1, 3, 7, 30, 90, 365] as const;

/** The console form granting an address a higher registration limit (`/quan-tri/gioi-han`). */
export const allowanceSchema = z.object({
  address: z
    .string({ error: "Vui lòng nhập địa chỉ IP." })
    .max(60, "Địa chỉ IP không hợp lệ. Ví dụ: 203.0.113.7 hoặc 203.0.113.0/24.")
    .transform((raw, ctx) => {
      const parsed = parseAddressPattern(raw);
      if ("pattern" in parsed) return parsed.pattern;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }),
  perHour: z.coerce
    .number({ error: "Vui lòng nhập số tài khoản mỗi giờ." })
    .int("Số tài khoản mỗi giờ là một số nguyên.")
    .min(1, "Ít nhất 1 tài khoản mỗi giờ.")
    .max(2000, "Tối đa 2.000 tài khoản mỗi giờ."),
  days: z.coerce
    .number({ error: "Vui lòng chọn thời hạn." })
    .refine((d) => (ALLOWANCE_DAYS as readonly number[]).includes(d), "Vui lòng chọn thời hạn."),
  reason: z
    .string({ error: "Vui lòng ghi lý do (ví dụ: Nhà văn hoá xã Tân Quang, buổi hướng dẫn 20/6)." })
    .trim()
    .min(5, "Lý do cần ít nhất 5 ký tự.")
    .max(200, "Lý do dài tối đa 200 ký tự."),
});

export type AllowanceForm = z.input<typeof allowanceSchema>;

const consoleRoleSchema = z.enum(["organiser", "admin"], { error: "Vui lòng chọn vai trò." });
const scopeUnitSchema = z.coerce
  .number({ error: "Vui lòng chọn đơn vị phụ trách." })
  .int()
  .positive("Vui lòng chọn đơn vị phụ trách.");

/** An admin creates a console account (`/quan-tri/tai-khoan`); the name is an office's or a person's. */
export const newAccountSchema = z.object({
  name: z
    .string({ error: "Vui lòng nhập tên tài khoản." })
    .trim()
    .min(2, "Tên cần ít nhất 2 ký tự.")
    .max(100, "Tên dài tối đa 100 ký tự."),
  phone: phoneSchema.refine(
    async (phone) => !(await isPhoneRegistered(phone)),
    "Số điện thoại này đã có tài khoản.",
  ),
  password: newPasswordSchema,
  role: consoleRoleSchema,
  scopeUnitId: scopeUnitSchema,
});

/** Changes to an existing console account: its unit and role, or a new password. */
export const accountScopeSchema = z.object({ role: consoleRoleSchema, scopeUnitId: scopeUnitSchema });
export const passwordResetSchema = z.object({ password: newPasswordSchema });

export type NewAccountForm = z.input<typeof newAccountSchema>;
export type AccountScopeForm = z.input<typeof accountScopeSchema>;
export type PasswordResetForm = z.input<typeof passwordResetSchema>;
