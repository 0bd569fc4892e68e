"""The long form of a pod's configuration (`lifefsm pod --details`), one value a line with its position.

The compact table of report.py cuts long commands; this form shows every value
the mapping read, where it came from (file:line:col, or "default"), and how a
handler's duration was read. The corpus goldens under tests/data/manifests use
it, so a reviewer sees the whole PodConfig next to the manifest.
"""

from __future__ import annotations

from .config import Container, Field, Handler, PodConfig, Probe
from .report import probe_text


def _at(f: Field[int] | Field[str] | Field[tuple[str, ...]]) -> str:
    return "default" if f.defaulted else f"{f.span.line}:{f.span.column}"


def _handler(h: Handler) -> list[str]:
    what = (repr(list(h.command.value)) if h.command is not None else f"{h.seconds.value} s" if h.seconds is not None
            else h.target)
    where = f"{h.span.line}:{h.span.column}"
    lines = [f"    {h.hook}: {h.kind.value} {what} ({where}); duration {h.duration.describe()}; {h.how}"]
    a = h.analysis
    if a is not None and a.stops_main is not None:
        lines.append(f"      stops the main process: '{a.stops_main}'"
                     + (", then waits for it to exit" if a.waits_for_exit else ""))
    if a is not None and a.sh_c_mistake is not None:
        m = a.sh_c_mistake
        lines.append(f"      '{m.shell} -c' runs '{m.script}' only; ignored: {list(m.ignored)}")
    return lines


def _probe(p: Probe) -> str:
    return f"    probe {probe_text(p)} via {p.handler.value} ({p.span.line}:{p.span.column})"


def _container(i: int, c: Container) -> list[str]:
    policy = f", restartPolicy {c.restart_policy.value}" if c.restart_policy else ""
    lines = [f"  {i}. '{c.name.value}' {c.role.value}, {c.list_name}[{c.position}] "
             f"({c.span.line}:{c.span.column}){policy}"]
    if c.argv is not None and c.argv_analysis is not None and c.argv_analysis.sh_c_mistake is not None:
        m = c.argv_analysis.sh_c_mistake
        lines.append(f"    command {list(c.argv.value)}: '{m.shell} -c' runs '{m.script}' only")
    for h in (c.post_start, c.pre_stop):
        if h is not None:
            lines += _handler(h)
    if c.stop_signal is not None:
        lines.append(f"    stopSignal {c.stop_signal.value} ({_at(c.stop_signal)})")
    lines += [_probe(p) for p in c.probes]
    return lines


def details(pod: PodConfig) -> list[str]:
    lines = [f"{pod.kind} '{pod.name}' ({pod.api_version}) at {pod.source}, document {pod.document}, "
             f"pod spec at {pod.spec_path}" + (f", namespace {pod.namespace}" if pod.namespace else ""),
             f"  terminationGracePeriodSeconds {pod.grace.value} ({_at(pod.grace)}), "
             f"restartPolicy {pod.restart_policy.value} ({_at(pod.restart_policy)})"
             + (", shareProcessNamespace" if pod.share_process_namespace else "")]
    for i, c in enumerate(pod.containers, start=1):
        lines += _container(i, c)
    return lines
