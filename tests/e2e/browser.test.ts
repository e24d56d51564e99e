import { describe, expect, test } from "vitest";
import { findChromium, MISSING, type BrowserSources } from "./browser.ts";

const OWN = "/root/.cache/ms-playwright/chromium-1200/chrome-linux/chrome";

/** A machine with the given executables; records which installs were tried, and what each install adds. */
function machine(present: string[], installs: { playwright?: boolean; apt?: boolean | null } = {}) {
  const files = new Set(present);
  const tried: string[] = [];
  const sources: BrowserSources = {
    envPath: undefined,
    isExecutable: (file) => files.has(file),
    systemChromium: () =>
      ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((f) => files.has(f)),
    playwrightPath: () => OWN,
    installPlaywright: () => {
      tried.push("playwright");
      if (installs.playwright) files.add(OWN);
      return installs.playwright ?? false;
    },
    installApt:
      installs.apt === null
        ? null
        : () => {
            tried.push("apt");
            if (installs.apt) files.add("/usr/bin/chromium");
            return installs.apt ?? false;
          },
  };
  return { sources, tried };
}

describe("findChromium", () => {
  test("PLAYWRIGHT_CHROMIUM_PATH wins, and a wrong one stops at once with what to fix", () => {
    const { sources, tried } = machine(["/opt/chrome", "/usr/bin/chromium"]);
    expect(findChromium({ ...sources, envPath: "/opt/chrome" })).toEqual({ path: "/opt/chrome" });
    expect(findChromium({ ...sources, envPath: "/opt/khong-co" })).toEqual({
      error: expect.stringMatching(/^PLAYWRIGHT_CHROMIUM_PATH=\/opt\/khong-co is not an executable file/),
    });
    expect(tried).toEqual([]);
  });

  test("the system's Chromium or Chrome, without installing anything", () => {
    const chromium = machine(["/usr/bin/chromium", "/usr/bin/google-chrome"]);
    expect(findChromium(chromium.sources)).toEqual({ path: "/usr/bin/chromium" });
    const chrome = machine(["/usr/bin/google-chrome", OWN]);
    expect(findChromium(chrome.sources)).toEqual({ path: "/usr/bin/google-chrome" });
    expect([...chromium.tried, ...chrome.tried]).toEqual([]);
  });

  test("Playwright's own Chromium: already downloaded, or downloaded now", () => {
    expect(findChromium(machine([OWN]).sources)).toEqual({ path: OWN });
    const online = machine([], { playwright: true });
    expect(findChromium(online.sources)).toEqual({ path: OWN });
    expect(online.tried).toEqual(["playwright"]);
  });

  test("without network, as root with apt-get: Debian's chromium", () => {
    const offline = machine([], { playwright: false, apt: true });
    expect(findChromium(offline.sources)).toEqual({ path: "/usr/bin/chromium" });
    expect(offline.tried).toEqual(["playwright", "apt"]);
  });

  test("nothing works: one line saying what to install", () => {
    const notRoot = machine([], { playwright: false, apt: null });
    expect(findChromium(notRoot.sources)).toEqual({ error: MISSING });
    const aptFails = machine([], { playwright: false, apt: false });
    expect(findChromium(aptFails.sources)).toEqual({ error: MISSING });
    expect(MISSING).not.toContain("\n");
  });
});
