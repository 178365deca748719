"""The page around the HTML report: its style sheet and skeleton. No scripts, fonts, images or links to fetch.

The Content-Security-Policy forbids the browser to load anything at all, so a report opened from a file share
cannot call out, and a mistake that adds an external resource shows up as a blocked load.
"""

from __future__ import annotations

from html import escape

from flytcheck.printable import for_file

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2rem auto;
       max-width: 78rem; padding: 0 1rem; color: #1b1b1b; background: #ffffff; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #cccccc; padding-bottom: 0.2rem; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.1rem 1rem; margin: 0.5rem 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.verdict { font-size: 1.4rem; font-weight: 700; padding: 0.8rem 1rem; border-radius: 6px; margin: 1rem 0 0.3rem; }
.verdict.ready { background: #e3f4e7; color: #1e6b34; border: 2px solid #1e6b34; }
.verdict.not-ready { background: #fbe6e4; color: #9b2317; border: 2px solid #9b2317; }
.verdict.narrowed { background: #fff6dd; color: #6b4a00; border: 2px solid #b9770e; }
.narrowed { background: #fff6dd; border-left: 4px solid #b9770e; padding: 0.2rem 0.8rem; margin: 0.3rem 0; }
.narrowed p { margin: 0.2rem 0; }
.counts, .delta { margin: 0.2rem 0; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
td, dd { overflow-wrap: break-word; }
td.n, td.code { white-space: nowrap; }
td.title { min-width: 14rem; }
th { background: #f2f2f2; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.zero td { color: #8a8a8a; }
.sev-blocker { color: #9b2317; font-weight: 600; }
.sev-warning { color: #8a5a00; }
.sev-info { color: #1f5f8b; }
td.new { color: #9b2317; font-weight: 700; }
.personal { background: #fdf1ff; border: 1px solid #a0519f; padding: 0.4rem 0.8rem; }
.chart svg { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
footer { margin-top: 2rem; color: #666666; font-size: 0.85rem; }
@media (max-width: 40rem) {
  body { margin: 1rem auto; padding: 0 0.6rem; }
  dl.meta { grid-template-columns: auto; }
  dl.meta dd { margin-bottom: 0.3rem; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: auto; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.cards tr { border: 1px solid #d0d0d0; border-radius: 4px; margin: 0.5rem 0; padding: 0.3rem 0.5rem; }
  table.cards td { border: none; padding: 0.05rem 0; white-space: normal; }
  table.cards td::before { content: attr(data-label) ": "; font-weight: 600; }
}
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def page(title: str, lang: str, body: str) -> str:
    """A complete HTML document around `body` (already escaped)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "nb"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(for_file(title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
