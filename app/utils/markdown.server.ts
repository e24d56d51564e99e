import MarkdownIt from "markdown-it";

// Organisers' rules text. Raw HTML is escaped (html: false) and markdown-it's link check drops javascript:,
// vbscript:, file: and data: links, so nothing an organiser types can run script on residents' phones.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

// External links open away from the contest without handing it the opener.
const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for a contest's rules text (server only: the library stays out of residents' bundles). */
export function renderMarkdown(text: string): string {
  return markdown.render(text);
}
