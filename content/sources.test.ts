import { describe, expect, it } from "vitest";
import { sourceProblem } from "./sources.ts";

describe("sourceProblem", () => {
  it.each([
    "Nghị định 69/2024/NĐ-CP, Điều 12",
    "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, Điều 8, khoản 3",
    "Bộ luật Hình sự, Điều 291",
    "Thông tư 17/2024/TT-NHNN, Điều 10; Quyết định 06/QĐ-TTg",
    "Quyết định 749/QĐ-TTg",
    "Quyết định 2345/QĐ-NHNN",
    "Cẩm nang nhận diện và phòng chống lừa đảo trực tuyến — Cục An toàn thông tin (2023)",
  ])("accepts %s", (source) => expect(sourceProblem(source)).toBeNull());

  it.each([
    ["Nghị định 42/2022/NĐ-CP", /cần ghi điều/],
    ["Luật An ninh mạng số 116/2025/QH15; Bộ luật Hình sự", /cần ghi điều/],
    ["Quy định của Ngân hàng Nhà nước về xác thực giao dịch trực tuyến (từ 1/7/2024)", /số hiệu văn bản/],
    ["Cẩm nang kỹ năng số cơ bản cho người dân", /Tên — Đơn vị/],
    ["Nghị định 69/2024/NĐ-CP, Điều 12;", /mục trống/],
  ])("refuses %s", (source, reason) => expect(sourceProblem(source)).toMatch(reason));
});
