"""Step checks under concurrent load: many readers ticking and unticking EndNote's steps.

Each of 200 readers (own visitor cookie) ticks or unticks a random step of the
thirteen; every request is a write (a run lock, a check row, the run's
timestamps). Driven by wrk with a Lua script; prints medians of several runs.
Set DATABASE_URL to run it on PostgreSQL. `--smoke`: one 1-second run on a
scratch database.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    WRK_SMOKE,
    demo_server,
    errors_refused,
    load_arguments,
    manage_py,
    new_reader,
    report,
    smoke_scratch,
    smoke_sizes,
    step_ids,
    tick_script,
    wrk,
)


def main() -> None:
    parser = load_arguments(__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=200)
    args = smoke_sizes(parser.parse_args(), **WRK_SMOKE, readers=5)

    limits = {"RATE_LIMIT_STEPS": "1000000/m", "RATE_LIMIT_STEPS_IP": "1000000/m"}
    server = demo_server(args.workers, limits, args.server)
    with smoke_scratch(args, "step"), server as (base, env):
        readers = [new_reader(base) for _ in range(args.readers)]
        html = readers[0][2]
        steps = step_ids(html)
        script = tick_script(readers, steps)
        if args.warmup:
            wrk(base + "/", args.warmup, args.connections, script)
        runs = [wrk(base + "/", args.seconds, args.connections, script) for _ in range(args.runs)]
        os.unlink(script)
        checks = manage_py(
            env,
            "shell",
            "-v0",
            "-c",
            "from faq.models import Check, Run; print(Run.objects.count(), Check.objects.count())",
        ).split()

    extra = f"; {args.readers} readers, 13 steps, 3 ticks to 1 untick"
    rows = {"step check/uncheck (htmx)": runs}
    report(env, args, rows, extra)
    errors_refused(args, rows)
    print(f"\nAfterwards: {checks[-2]} runs, {checks[-1]} checks (at most {args.readers * 13}).")


if __name__ == "__main__":
    main()
