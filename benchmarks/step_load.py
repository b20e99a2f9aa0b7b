"""Step checks under concurrent load: many readers ticking and unticking EndNote's steps.

Each of 200 readers (own visitor cookie) ticks or unticks a random step of the
thirteen; every request is a write (a run lock, a check row, the run's
timestamps). Driven by wrk with a Lua script; prints medians of several runs.
Set DATABASE_URL to run it on PostgreSQL.
"""

import re
import sys
import tempfile
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ARTICLE, BROWSER, demo_server, load_arguments, manage_py, report, wrk

LUA = """
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


def new_reader(base: str) -> tuple[str, str, str]:
    """One reader's first visit: their visitor cookie, the CSRF secret and the page."""
    request = urllib.request.Request(base + ARTICLE, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request) as response:
        html = response.read().decode()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            jar.load(header)
    return f"hd_visitor={jar['hd_visitor'].value}", jar["csrftoken"].value, html


def main() -> None:
    parser = load_arguments(__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200)
    args = parser.parse_args()

    limits = {"RATE_LIMIT_STEPS": "1000000/m", "RATE_LIMIT_STEPS_IP": "1000000/m"}
    with demo_server(args.workers, limits) as (base, env):
        readers = [new_reader(base) for _ in range(args.readers)]
        html = readers[0][2]
        steps = sorted(set(re.findall(rf"{re.escape(ARTICLE)}steps/(\d+)/\"", html)), key=int)
        csrf = readers[0][1]
        lua = LUA.format(
            cookies=", ".join(f'"{cookie}"' for cookie, _, _ in readers),
            steps=", ".join(steps),
            csrf=csrf,
            article=ARTICLE,
            agent=BROWSER,
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua)
        wrk(base + "/", 2, args.connections, script.name)  # warm-up
        runs = [
            wrk(base + "/", args.seconds, args.connections, script.name) for _ in range(args.runs)
        ]
        checks = manage_py(
            env,
            "shell",
            "-v0",
            "-c",
            "from faq.models import Check, Run; print(Run.objects.count(), Check.objects.count())",
        ).split()

    extra = f"; {args.readers} readers, 13 steps, 3 ticks to 1 untick"
    report(env, args, {"step check/uncheck (htmx)": runs}, extra)
    print(f"\nAfterwards: {checks[-2]} runs, {checks[-1]} checks (at most {args.readers * 13}).")


if __name__ == "__main__":
    main()
