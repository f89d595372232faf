"""results.html: results.md as one static page (its tables and figures, the figures by relative path, so the
page opens from the file system) with the run's config below. Images that fail to load are marked in the page
(``data-broken``) and loaded ones ``data-loaded``, so a reader, or a headless browser, sees which."""
import html
import json

import markdown

__all__ = ['render_html']

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; display: block; overflow-x: auto; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
tr:nth-child(even) { background: #f6f6f6; }
img { max-width: 100%; display: block; margin: 0.5em 0; }
img[data-broken] { border: 2px dashed #c00; min-height: 2em; }
details pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.8em; }
"""
SCRIPT = """
for (const img of document.images) {
  const mark = () => img.setAttribute(img.naturalWidth > 0 ? 'data-loaded' : 'data-broken', '');
  if (img.complete) { mark(); } else { img.addEventListener('load', mark); img.addEventListener('error', mark); }
}
"""


def render_html(results_md: str, config: dict, *, title: str) -> str:
    """The page: ``results_md`` rendered (tables, images) and ``config`` (the run's merged config) as JSON."""
    body = markdown.markdown(results_md, extensions=['tables'])
    config_text = html.escape(json.dumps(config, indent=2, sort_keys=True, default=repr))
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f'<style>{STYLE}</style>\n</head>\n<body>\n<h1>{html.escape(title)}</h1>\n{body}\n'
            f'<h2>Config</h2>\n<details><summary>the merged config of this run</summary>\n<pre>{config_text}</pre>\n'
            f'</details>\n<script>{SCRIPT}</script>\n</body>\n</html>\n')
