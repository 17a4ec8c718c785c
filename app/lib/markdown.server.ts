import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

// GitHub's allow-list, plus the classes remark-math puts on math so rehype-katex can find it.
// Footnote ids are already prefixed by remark-rehype ("user-content-fn-1", with matching links),
// and raw HTML never reaches the tree, so clobbering them again would only break the links.
const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  clobber: [],
  attributes: {
    ...defaultSchema.attributes,
    code: [["className", /^language-./, "math-inline", "math-display"]],
  },
};

// Raw HTML in the source is dropped by remark-rehype (no allowDangerousHtml), and everything the
// Markdown itself produces is sanitized. KaTeX and highlight.js run after sanitizing: they only
// read text from the clean tree and emit their own markup, so their classes and MathML need no
// place in the allow-list. KaTeX keeps its default `trust: false`, so \href and \htmlClass stay
// inert. KaTeX goes first so highlight.js never sees the `language-math` code it replaced.
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeKatex)
  .use(rehypeHighlight)
  .use(rehypeStringify)
  .freeze();

/**
 * Markdown (GFM, `$math$`, fenced code) to sanitized HTML. Called when content is saved, never per
 * request: the result is stored beside the Markdown.
 */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
