"""A container entry of a pod spec to a Container: role, hooks, probes, with positions.

Only what the lifecycle needs is read (name, restartPolicy, command/args,
lifecycle, probes); the rest of the container is left alone, except that its
field names are checked (fields.py). A handler must name exactly one kind
(exec, httpGet, sleep, tcpSocket for hooks; exec, httpGet, tcpSocket, grpc
for probes), as the API server's validation demands; a handler that cannot be
read is bad input, while rules about where a handler may appear (hooks on a
regular init container, a sleep longer than the grace) are findings.
"""

from __future__ import annotations

from ..messages import say
from . import commands
from . import fields as F
from .config import Container, Duration, Field, Handler, HandlerKind, Probe, Role
from .decode import Reader
from .yamlnodes import Node

POLICIES = ("Always", "OnFailure", "Never")
PROBES = (("livenessProbe", "liveness"), ("readinessProbe", "readiness"), ("startupProbe", "startup"))
HTTP_HOW = "the kubelet waits for the HTTP response, and how long the server takes is not in the manifest"


def read_container(r: Reader, node: Node, path: str, init: bool, position: int) -> Container | None:
    """One entry of initContainers (``init``) or containers; None when it cannot be read."""
    item = r.mapping(node, path)
    if item is None:
        return None
    name = r.string(item, "name", f"{path}.name")
    label = f"container '{name.value}' ({path})" if name else f"the container at {path}"
    r.check_fields(item, F.CONTAINER, label)
    if name is None:
        if item.get("name") is None:
            r.error("missing-field", say("pod.missing-field", field="name", where=label,
                                         why="every container needs a name"), item.span)
        return None
    policy = r.enum(item, "restartPolicy", f"{path}.restartPolicy", POLICIES)
    role = Role.APP if not init else Role.SIDECAR if policy is not None and policy.value == "Always" else Role.INIT
    argv: Field[tuple[str, ...]] | None = None
    command = r.strings(item, "command", f"{path}.command")
    args = r.strings(item, "args", f"{path}.args")
    if command is not None and command.value:
        argv = Field(command.value + (args.value if args else ()), command.span)
    post_start = pre_stop = None
    stop_signal = None
    lifecycle = r.mapping(item.get("lifecycle"), f"{path}.lifecycle")
    if lifecycle is not None:
        r.check_fields(lifecycle, F.LIFECYCLE, f"the lifecycle of {label}")
        post_start = read_handler(r, lifecycle, "postStart", f"{path}.lifecycle.postStart", label)
        pre_stop = read_handler(r, lifecycle, "preStop", f"{path}.lifecycle.preStop", label)
        stop_signal = r.string(lifecycle, "stopSignal", f"{path}.lifecycle.stopSignal")
    probes = tuple(p for key, kind in PROBES
                   if (p := read_probe(r, item, key, kind, f"{path}.{key}", label)) is not None)
    return Container(name, role, position, item.span, policy, post_start, pre_stop, stop_signal, probes, argv,
                     commands.analyse(argv.value) if argv is not None else None,
                     r.field_span(item, "lifecycle") if lifecycle is not None else None)


def _handler_body(r: Reader, parent: Node, key: str, path: str, where: str, known: frozenset[str],
                  allowed: tuple[str, ...]) -> tuple[Node, str, Node] | None:
    """The handler mapping under ``key``, the one handler kind it names, and that kind's body."""
    node = r.mapping(parent.get(key), path)
    if node is None:
        return None
    r.check_fields(node, known, where)
    kinds = [k for k in allowed if node.get(k) is not None]
    if len(kinds) != 1:
        span = node.key_node(kinds[1]).span if len(kinds) > 1 else node.span  # type: ignore[union-attr]
        one_of = ", ".join(allowed)
        r.error("bad-handler", say("pod.handler-count", where=where, count=len(kinds), kinds=", ".join(kinds),
                                   allowed=one_of) if kinds else say("pod.no-handler", where=where, allowed=one_of),
                span)
        return None
    body = r.mapping(node.get(kinds[0]), f"{path}.{kinds[0]}")
    return None if body is None else (node, kinds[0], body)


def read_handler(r: Reader, lifecycle: Node, hook: str, path: str, label: str) -> Handler | None:
    where = f"the {hook} handler of {label}"
    found = _handler_body(r, lifecycle, hook, path, where, F.LIFECYCLE_HANDLER, F.HOOK_HANDLERS)
    if found is None:
        return None
    node, kind, body = found
    span = r.field_span(node, kind)
    if kind == "exec":
        r.check_fields(body, F.EXEC, f"the exec of {where}")
        command = _command(r, body, f"{path}.exec.command", where)
        if command is None:
            return None
        analysis = commands.analyse(command.value)
        return Handler(hook, HandlerKind.EXEC, span, command=command, analysis=analysis,
                       duration=analysis.duration, how=analysis.how)
    if kind == "sleep":
        r.check_fields(body, F.SLEEP, f"the sleep of {where}")
        seconds = r.non_negative(body, "seconds", f"{path}.sleep.seconds")
        if seconds is None:
            if body.get("seconds") is None:
                r.error("missing-field", say("pod.missing-field", field="seconds", where=f"the sleep action of {label}",
                                             why="it says how long to wait"), span)
            return None
        return Handler(hook, HandlerKind.SLEEP, span, seconds=seconds, duration=Duration.exact(seconds.value),
                       how="the sleep action")
    target = _target(r, body, kind, f"{path}.{kind}", label, span)
    if target is None:
        return None
    if kind == "httpGet":
        return Handler(hook, HandlerKind.HTTP_GET, span, target=target, duration=Duration.unknown(), how=HTTP_HOW)
    return Handler(hook, HandlerKind.TCP_SOCKET, span, target=target, duration=Duration.exact(0),
                   how="the kubelet does not run tcpSocket hooks: they fail at once")


def _command(r: Reader, body: Node, path: str, where: str) -> Field[tuple[str, ...]] | None:
    command = r.strings(body, "command", path)
    if command is not None and command.value:
        return command
    if command is not None or body.get("command") is None:
        r.error("missing-field", say("pod.empty-command", where=where), command.span if command else body.span)
    return None


def _target(r: Reader, body: Node, kind: str, path: str, label: str, span: object) -> str | None:
    r.check_fields(body, F.HTTP_GET if kind == "httpGet" else F.GRPC if kind == "grpc" else F.TCP_SOCKET,
                   f"the {kind} of {label}")
    port = body.get("port")
    if port is None:
        r.error("missing-field", say("pod.missing-field", field="port", where=f"the {kind} of {label}",
                                     why="it names the port to reach"),
                body.span)
        return None
    port_text = r.scalar_text(port, f"{path}.port")
    if port_text is None:
        return None
    host = r.string(body, "host", f"{path}.host")
    where = f"{host.value if host else ''}:{port_text}"
    if kind == "httpGet":
        p = r.string(body, "path", f"{path}.path")
        where += p.value if p and p.value.startswith("/") else f"/{p.value}" if p else "/"
    return where


def read_probe(r: Reader, item: Node, key: str, kind: str, path: str, label: str) -> Probe | None:
    where = f"the {key} of {label}"
    found = _handler_body(r, item, key, path, where, F.PROBE, F.PROBE_HANDLERS)
    if found is None:
        return None
    node, handler, body = found
    command = None
    if handler == "exec":
        r.check_fields(body, F.EXEC, f"the exec of {where}")
        command = _command(r, body, f"{path}.exec.command", where)
    elif _target(r, body, handler, f"{path}.{handler}", label, body.span) is None:
        return None
    values = {}
    for name in ("periodSeconds", "failureThreshold", "initialDelaySeconds", "timeoutSeconds"):
        got = r.non_negative(node, name, f"{path}.{name}")
        values[name] = got if got is None or got.value > 0 or name == "initialDelaySeconds" else None
    grace = r.integer(node, "terminationGracePeriodSeconds", f"{path}.terminationGracePeriodSeconds")
    return Probe(kind, HandlerKind(handler), r.field_span(item, key), values["periodSeconds"],
                 values["failureThreshold"], values["initialDelaySeconds"], values["timeoutSeconds"], grace,
                 command, commands.analyse(command.value) if command is not None else None)
