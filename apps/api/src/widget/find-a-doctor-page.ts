const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The snippet a payer or clinic pastes into its own page; `origin` is this API's public origin. */
export function embedSnippet(origin: string): string {
  return [
    `<script type="module" src="${origin}/widget/provider-search.js"></script>`,
    `<provider-search endpoint="${origin}/graphql" radius-miles="10"></provider-search>`,
  ].join('\n');
}

/** GET /: the find-a-doctor page, the widget as a person meets it, and the snippet to copy. No inline script or style. */
export function findADoctorPage(origin: string, notice: string | null): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Find a doctor</title>
<link rel="stylesheet" href="/widget/page.css">
<script type="module" src="/widget/provider-search.js"></script>
</head>
<body>
<header>
<h1>Find a doctor</h1>
<p>Search in-network doctors, facilities and pharmacies near you, nearest first.</p>
${notice ? `<p role="note">${escape(notice)}</p>` : ''}
</header>
<main>
<section class="panel" aria-label="Provider search">
<provider-search></provider-search>
</section>
<section class="panel" aria-labelledby="embed">
<h2 id="embed">Put this search on your own site</h2>
<p>Health plans and clinics paste these two lines into any page. The search keeps your page's look through
<code>--ps-accent</code>, <code>--ps-font</code>, <code>--ps-radius</code>, <code>--ps-surface</code> and <code>--ps-text</code>;
<code>payers</code>, <code>networks</code> or <code>plans</code> lock it to your own network.</p>
<pre tabindex="0" aria-label="Embed snippet"><code>${escape(embedSnippet(origin))}</code></pre>
</section>
</main>
</body>
</html>
`;
}
