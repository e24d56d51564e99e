import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { 50: "#eef6ff", 100: "#d9eaff", 600: "#0b5cad", 700: "#094a8c", 800: "#073a6e" },
      },
    },
  },
} satisfies Config;
