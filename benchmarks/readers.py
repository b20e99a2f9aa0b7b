"""A reader of the demo's article as the benchmarks play one: first visit, form posts,
and a wrk script of ticks."""

import re
import tempfile
import urllib.request
from http.cookies import SimpleCookie

ARTICLE = "/faq/1/sync-endnote-library-to-new-library/"

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36"


def new_reader(base: str, article: str = ARTICLE) -> tuple[str, str, str]:
    """One reader's first visit: their visitor cookie, the CSRF secret and the page."""
    request = urllib.request.Request(base + article, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request) as response:
        html = response.read().decode()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            jar.load(header)
    return f"hd_visitor={jar['hd_visitor'].value}", jar["csrftoken"].value, html


def step_ids(html: str, article: str = ARTICLE) -> list[str]:
    """The article's step ids, in page order, from its tick forms."""
    found = re.findall(rf"{re.escape(article)}steps/(\d+)/\"", html)
    return list(dict.fromkeys(found))


def reader_post(base: str, reader: tuple[str, str, str], path: str, data: str) -> int:
    """A reader's form post, as htmx sends it; returns the status."""
    cookie, csrf, _ = reader
    request = urllib.request.Request(
        base + path,
        data=data.encode(),
        headers={
            "Cookie": f"{cookie}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "HX-Request": "true",
            "User-Agent": BROWSER,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(request) as response:
        return response.status


TICK_LUA = """
local cookies = {{{cookies}}}
local steps = {{{steps}}}
local csrf = "{csrf}"
math.randomseed(os.time())
request = function()
  local step = steps[math.random(#steps)]
  local cookie = cookies[math.random(#cookies)]
  local done = (math.random(4) == 1) and "0" or "1"
  return wrk.format("POST", "{article}steps/" .. step .. "/", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["HX-Request"] = "true",
    ["User-Agent"] = "{agent}",
  }}, "done=" .. done)
end
"""


def tick_script(
    readers: list[tuple[str, str, str]], steps: list[str], article: str = ARTICLE
) -> str:
    """A wrk Lua script in which the readers tick (3 in 4) or untick random steps."""
    lua = TICK_LUA.format(
        cookies=", ".join(f'"{cookie}"' for cookie, _, _ in readers),
        steps=", ".join(steps),
        csrf=readers[0][1],
        article=article,
        agent=BROWSER,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    return script.name
