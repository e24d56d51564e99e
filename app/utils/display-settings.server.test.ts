import { describe, expect, it } from "vitest";
import {
  displaySettingsCookie,
  displaySettingsCss,
  parseDisplaySettings,
} from "./display-settings.server.ts";

describe("display settings cookie", () => {
  it("reads both settings among other cookies", () => {
    expect(parseDisplaySettings("cds_session=abc.def; cds_display=large.contrast; x=1")).toEqual({
      largeText: true,
      highContrast: true,
    });
    expect(parseDisplaySettings("cds_display=contrast")).toEqual({ largeText: false, highContrast: true });
  });

  it("falls back to the defaults for a missing, empty or unknown value", () => {
    const off = { largeText: false, highContrast: false };
    expect(parseDisplaySettings(null)).toEqual(off);
    expect(parseDisplaySettings("")).toEqual(off);
    expect(parseDisplaySettings("cds_display=")).toEqual(off);
    expect(parseDisplaySettings("cds_display=%3Cscript%3E;cds_display_x=large")).toEqual(off);
    expect(parseDisplaySettings("my_cds_display=large")).toEqual(off);
  });

  it("round-trips what it writes, for a year, and deletes the cookie when both are off", () => {
    const cookie = displaySettingsCookie({ largeText: true, highContrast: false }, true);
    expect(cookie).toBe("cds_display=large; Max-Age=31536000; Path=/; SameSite=Lax; Secure");
    expect(parseDisplaySettings(cookie.split(";")[0])).toEqual({ largeText: true, highContrast: false });
    expect(displaySettingsCookie({ largeText: false, highContrast: false }, false)).toBe(
      "cds_display=; Max-Age=0; Path=/; SameSite=Lax",
    );
  });

  it("serves an empty stylesheet by default and only the chosen rules otherwise", () => {
    expect(displaySettingsCss({ largeText: false, highContrast: false })).toBe("");
    expect(displaySettingsCss({ largeText: true, highContrast: false })).toContain("zoom");
    expect(displaySettingsCss({ largeText: true, highContrast: false })).not.toContain("#000");
    expect(displaySettingsCss({ largeText: false, highContrast: true })).not.toContain("zoom");
  });
});
