"""Mixed load: readers re-reading the article while new readers vote, on one server.

Nine requests in ten are a returning reader's GET of the EndNote article (a
repeat view: no write); one in ten is a new reader's vote (a visitor row, a
vote row and a counter update in one transaction). Driven by wrk with a Lua
script; prints medians of several runs and checks the counters afterwards.
`--smoke`: one 1-second run on a scratch database.
"""

import os
import sys
import tempfile
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ARTICLE,
    BROWSER,
    WRK_SMOKE,
    demo_server,
    errors_refused,
    load_arguments,
    manage_py,
    report,
    smoke_scratch,
    smoke_sizes,
    wrk,
)

LUA = """
local article, vote = "{article}", "{article}vote/"
local reader_cookie = "{reader_cookie}"
local csrf = "{csrf}"
local counter = 0
request = function()
  counter = counter + 1
  if counter % 10 == 0 then
    return wrk.format("POST", vote, {{
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. csrf,
      ["X-CSRFToken"] = csrf,
      ["User-Agent"] = "{agent}",
    }}, "helpful=" .. ((counter % 20 == 0) and "yes" or "no"))
  end
  return wrk.format("GET", article, {{
    ["Cookie"] = reader_cookie, ["User-Agent"] = "{agent}",
  }})
end
"""


def reader_cookies(base: str) -> tuple[str, str]:
    """Open the article once like a browser; return its cookies and the CSRF secret."""
    request = urllib.request.Request(base + ARTICLE, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request) as response:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            jar.load(header)
    cookie = "; ".join(f"{k}={v.value}" for k, v in jar.items())
    return cookie, jar["csrftoken"].value


def main() -> None:
    args = smoke_sizes(load_arguments(__doc__.splitlines()[0]).parse_args(), **WRK_SMOKE)

    # The benchmark is one address sending far more than a campus would.
    limits = {"RATE_LIMIT_IP": "1000000/m", "RATE_LIMIT_VISITOR": "1000000/m"}
    server = demo_server(args.workers, limits, args.server)
    with smoke_scratch(args, "mixed"), server as (base, env):
        cookie, csrf = reader_cookies(base)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                LUA.format(article=ARTICLE, reader_cookie=cookie, csrf=csrf, agent=BROWSER)
            )
        if args.warmup:
            wrk(base + "/", args.warmup, args.connections, script.name)
        runs = [
            wrk(base + "/", args.seconds, args.connections, script.name) for _ in range(args.runs)
        ]
        os.unlink(script.name)
        drift = manage_py(env, "recount_counters").strip().splitlines()[-1]

    rows = {"90% article reads, 10% votes by new readers": runs}
    report(env, args, rows)
    errors_refused(args, rows)
    print(f"\nAfterwards, recount_counters: {drift}")


if __name__ == "__main__":
    main()
