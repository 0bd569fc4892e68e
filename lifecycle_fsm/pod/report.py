"""The text report of `lifefsm pod`: one compact block per pod, then its findings.

Each pod gets a header (where it is, grace period, restart policy), a table of
its containers in start order (role, postStart, preStop, probes), the startup
order, the termination timelines (or the reason they are not computed) and the
model rules not checked yet. Findings are printed like every lifefsm
diagnostic (diagnostics.render): position, severity, message and code, the
source line with a caret, notes, and, for a finding that comes with a run, that
run as timeline rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..diagnostics import Diagnostic, _Lines, render
from .analysis import Analysis, Event, Occurs, Scenario, Timeline
from .config import Container, Field, Handler, HandlerKind, PodConfig, Role
from .details import details as long_form
from .details import probe_text
from .mapping import Skipped
from .results import Bounds, Finding, Severity, TraceStep

CELL = 38  # widest table cell; longer text is cut with '...'


def seconds(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def bounds(b: Bounds) -> str:
    if b.worst is None:
        return f">= {seconds(b.best)} s"
    if b.worst == b.best:
        return f"{seconds(b.best)} s"
    return f"{seconds(b.best)}-{seconds(b.worst)} s"


def _value(f: Field[int] | Field[str], unit: str = "") -> str:
    return f"{f.value}{unit}{' (default)' if f.defaulted else ''}"


def handler_cell(h: Handler | None) -> str:
    if h is None:
        return "-"
    d = h.duration
    if h.kind is HandlerKind.TCP_SOCKET or (h.analysis is not None and h.analysis.fails):
        when = "fails at once"
    elif d.never_returns:
        when = "never returns"
    elif d.known:
        when = f"{seconds(d.lo)} s"
    elif d.hi is None:
        when = "any duration" if d.lo == 0 else f">= {seconds(d.lo)} s"
    else:
        when = f"{seconds(d.lo)}-{seconds(d.hi)} s"
    what = " ".join(h.command.value) if h.command is not None else h.target
    return _cut(f"{h.kind.value} {when}: {what}" if what else f"{h.kind.value} {when}")


def _cut(text: str) -> str:
    return text if len(text) <= CELL else text[:CELL - 3] + "..."


def _role(c: Container, index: dict[Role, int]) -> str:
    index[c.role] = index.get(c.role, 0) + 1
    return f"{c.role.value} {index[c.role]}"


def container_table(pod: PodConfig) -> list[str]:
    counters: dict[Role, int] = {}
    rows = [["#", "container", "role", "postStart", "preStop", "probes"]]
    for i, c in enumerate(pod.containers, start=1):
        rows.append([str(i), _cut(c.name.value), _role(c, counters), handler_cell(c.post_start),
                     handler_cell(c.pre_stop), "; ".join(probe_text(p) for p in c.probes) or "-"])
    return _table(rows)


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def timeline_table(t: Timeline) -> list[str]:
    events = [Event.PRESTOP_START, Event.PRESTOP_END, Event.TERM, Event.SIGKILL, Event.EXIT]
    title = t.scenario.value + (f" ({t.trigger})" if t.trigger else "")
    rows = [["container"] + [e.value for e in events]]
    names = list(dict.fromkeys(e.container for e in t.entries))
    # when no entry is known to happen in every run, say so once instead of in every cell
    marked = any(e.occurs is Occurs.ALWAYS for e in t.entries)
    for name in names:
        row = [name]
        for ev in events:
            hit = next((e for e in t.entries if e.container == name and e.event is ev), None)
            if hit is None or hit.occurs is Occurs.NEVER:
                row.append("-")
            else:
                row.append(bounds(hit.at) + (" (some runs)" if marked and hit.occurs is Occurs.SOMETIMES else ""))
        rows.append(row)
    since = "the request" if t.scenario is Scenario.DELETE else "the probe failure"
    out = [f"  timeline, {title}: seconds from {since}"] + ["  " + line for line in _table(rows)]
    if not marked:
        out.append("    each time: the earliest and the latest over the runs in which the event happens ('-': none)")
    if t.first_to_stop:
        out.append(f"    first to stop: {', '.join(t.first_to_stop)}")
    if t.fits_in_grace is not None:
        out.append(f"    every preStop ends within the grace period: {'yes' if t.fits_in_grace else 'no'}")
    return out


def pod_block(a: Analysis, details: bool = False) -> list[str]:
    pod = a.pod
    if details:
        out = long_form(pod)
    else:
        out = [f"{pod.source}: {pod.kind} '{pod.name}' ({pod.api_version}), pod spec at {pod.spec_path}",
               f"  terminationGracePeriodSeconds {_value(pod.grace, ' s')}, "
               f"restartPolicy {_value(pod.restart_policy)}"
               + (", shareProcessNamespace" if pod.share_process_namespace else "")]
        out += container_table(pod)
    gates = {Role.INIT: "exits 0", Role.SIDECAR: "started", Role.APP: "created"}
    out.append("  startup: " + " -> ".join(f"{s.container} ({gates[s.role]})" for s in a.startup))
    if a.timelines:
        for t in a.timelines:
            out += timeline_table(t)
        if a.timeline_status != "computed":
            out.append(f"    {a.timeline_status}")
    else:
        out.append(f"  timeline (delete, liveness kill): {a.timeline_status}")
    if a.unchecked:
        out.append(f"  not checked by the model yet: {', '.join(a.unchecked)}")
    return out


def trace_lines(trace: Sequence[TraceStep]) -> list[str]:
    return [f"    at {bounds(s.at):>12}  {s.container or 'pod':<20} {s.event}" for s in trace]


def finding_diagnostic(f: Finding) -> Diagnostic:
    return Diagnostic(f.code, f.message, f.location, f.notes, f.severity.value)


def render_report(analyses: Sequence[Analysis], skipped: Sequence[Skipped], sources: Mapping[str, str],
                  details: bool = False) -> str:
    out: list[str] = []
    lines = _Lines(sources)  # each file split into lines once, not once per finding
    for a in analyses:
        out += pod_block(a, details)
        for f in a.findings:
            out.append(render(finding_diagnostic(f), lines))
            if f.trace:
                out.append("    shortest run:")
                out += trace_lines(f.trace)
        out.append("")
    for s in skipped:
        out.append(f"{s.span}: note: {s.message}")
    out.append(summary(analyses, len(skipped)))
    return "\n".join(out)


def counts(analyses: Sequence[Analysis]) -> dict[str, int]:
    c = {s.value: 0 for s in Severity}
    for a in analyses:
        for f in a.findings:
            c[f.severity.value] += 1
    return c


def summary(analyses: Sequence[Analysis], skipped: int) -> str:
    c = counts(analyses)
    parts = [f"{n} {word}{'s' if n != 1 and word != 'info' else ''}"
             for word, n in (("error", c["error"]), ("warning", c["warning"]), ("info", c["info"]))]
    pods = len(analyses)
    text = f"{pods} pod{'s' if pods != 1 else ''}: {', '.join(parts)}"
    if skipped:
        text += f"; {skipped} object{'s' if skipped != 1 else ''} skipped"
    return text
