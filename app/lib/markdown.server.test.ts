import { describe, expect, test } from "vitest";
import { renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  test("renders GitHub-flavoured tables, task lists, strikethrough and autolinks", () => {
    const html = renderMarkdown(
      [
        "| 모델 | 정확도 |",
        "| :-- | --: |",
        "| 로지스틱 회귀 | 0.91 |",
        "",
        "- [x] 데이터 수집",
        "- [ ] 모델 학습",
        "",
        "~~deprecated~~ https://bitgoeul.example/docs",
      ].join("\n"),
    );

    expect(html).toContain("<table>");
    expect(html).toContain('<th align="left">모델</th>');
    expect(html).toContain('<td align="right">0.91</td>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain("<del>deprecated</del>");
    expect(html).toContain('<a href="https://bitgoeul.example/docs">');
  });

  test("highlights fenced code blocks with highlight.js classes", () => {
    const html = renderMarkdown("```python\nimport numpy as np\nx = np.zeros(3)\n```");

    expect(html).toContain('<code class="hljs language-python">');
    expect(html).toContain('<span class="hljs-keyword">import</span>');
  });

  test("renders inline and display math with KaTeX", () => {
    const inline = renderMarkdown("에너지: $E=mc^2$");
    const display = renderMarkdown("$$\n\\hat{y} = \\mathbf{w}^\\top \\mathbf{x} + b\n$$");

    expect(inline).toContain('<span class="katex">');
    expect(inline).toContain('<annotation encoding="application/x-tex">E=mc^2</annotation>');
    expect(display).toContain('<span class="katex-display">');
    expect(display).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
  });

  test("keeps images with safe sources", () => {
    const html = renderMarkdown("![손실 곡선](https://bitgoeul.example/loss.png)");

    expect(html).toContain('<img src="https://bitgoeul.example/loss.png" alt="손실 곡선">');
  });

  test("strips scripts, frames, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      [
        "<script>alert('x')</script>",
        "",
        '<img src="x" onerror="alert(1)">',
        "",
        '<iframe src="https://evil.example"></iframe>',
        "",
        "[클릭](javascript:alert(1)) ![](javascript:alert(2))",
        "",
        "$\\href{javascript:alert(3)}{x}$",
      ].join("\n"),
    );

    expect(html).not.toMatch(/<script|<iframe|onerror|href="javascript:|src="javascript:/i);
    expect(html).toContain("<a>클릭</a>");
  });

  test("passes Korean text through unchanged", () => {
    const html = renderMarkdown("## 머신러닝 기초\n\n빛고을에서 **경사 하강법**을 배웁니다.");

    expect(html).toBe("<h2>머신러닝 기초</h2>\n<p>빛고을에서 <strong>경사 하강법</strong>을 배웁니다.</p>");
  });
});
