import { z } from "zod";

// The shape of the unit files in this folder: a tree of administrative units of any depth.
export type UnitNode = { code: string; name: string; kind: string; population?: number; children?: UnitNode[] };

export const unitNodeSchema: z.ZodType<UnitNode> = z.lazy(() =>
  z.object({
    code: z.string().regex(/^\d{2,5}$/, "mã đơn vị gồm 2–5 chữ số"),
    name: z.string().min(1),
    kind: z.string().min(1),
    population: z.number().int().positive().optional(),
    children: z.array(unitNodeSchema).optional(),
  }),
);

export const unitFileSchema = z.object({
  source: z.string().min(1),
  structure: z.enum(["three-tier", "two-tier"]),
  units: z.array(unitNodeSchema).min(1),
});

export type UnitFile = z.infer<typeof unitFileSchema>;
