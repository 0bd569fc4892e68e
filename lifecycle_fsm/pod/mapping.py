"""Manifest objects to PodConfigs: which kinds carry a pod, and where its spec is.

A Pod carries its spec at ``spec``; Deployment, StatefulSet, DaemonSet,
ReplicaSet, ReplicationController and Job at ``spec.template.spec``; a CronJob
at ``spec.jobTemplate.spec.template.spec``. A ``kind: List`` is opened and its
items read in turn. Any other kind, or one of these kinds at an apiVersion
lifefsm does not read, is skipped with a note; a document without apiVersion
and kind is skipped too (it is not a Kubernetes object, e.g. a values file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import say
from ..source import Span
from . import fields as F
from .config import DEFAULT_GRACE, DEFAULT_RESTART_POLICY, Container, Field, PodConfig
from .containers import POLICIES, read_container
from .decode import Reader
from .yamlnodes import Document, Node

# kind -> (apiVersion, path from the object to the pod template, the spec fields along that path)
WORKLOADS: dict[str, tuple[str, tuple[str, ...], tuple[frozenset[str], ...]]] = {
    "Pod": ("v1", (), ()),
    "Deployment": ("apps/v1", ("spec", "template"), (F.DEPLOYMENT_SPEC,)),
    "StatefulSet": ("apps/v1", ("spec", "template"), (F.STATEFULSET_SPEC,)),
    "DaemonSet": ("apps/v1", ("spec", "template"), (F.DAEMONSET_SPEC,)),
    "ReplicaSet": ("apps/v1", ("spec", "template"), (F.REPLICASET_SPEC,)),
    "ReplicationController": ("v1", ("spec", "template"), (F.REPLICASET_SPEC,)),
    "Job": ("batch/v1", ("spec", "template"), (F.JOB_SPEC,)),
    "CronJob": ("batch/v1", ("spec", "jobTemplate", "spec", "template"), (F.CRONJOB_SPEC, F.JOB_SPEC)),
}
MAX_LIST_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document or list item that carries no pod, with the note saying why."""

    span: Span
    kind: str
    name: str
    message: str


@dataclass
class Mapped:
    pods: list[PodConfig] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def map_document(r: Reader, doc: Document, out: Mapped) -> None:
    """Read one YAML document: append its pods and skipped objects to ``out``, problems to ``r``."""
    if doc.root is None:
        return
    _object(r, doc.root, doc.index, out, "", 0)


def _start(span: Span) -> Span:
    return Span(span.file, span.line, span.column, span.line, span.column + 1, span.start, span.start + 1)


def _object(r: Reader, node: Node, document: int, out: Mapped, path: str, depth: int) -> None:
    if node.kind != "map":
        r.error("not-an-object", say("pod.not-an-object", found="a list" if node.kind == "seq" else "a scalar"),
                _start(node.span))
        return
    version = r.string(node, "apiVersion", f"{path}apiVersion")
    kind = r.string(node, "kind", f"{path}kind")
    if version is None and kind is None:
        if node.get("apiVersion") is None and node.get("kind") is None:
            out.skipped.append(Skipped(_start(node.span), "", "", say("pod.skipped-not-object")))
        return
    if version is None or kind is None:
        missing, present = ("apiVersion", "kind") if version is None else ("kind", "apiVersion")
        if node.get(missing) is None:
            r.error("missing-field", say("pod.missing-kind-or-version", missing=missing, present=present),
                    _start(node.span))
        return
    meta = r.mapping(node.get("metadata"), f"{path}metadata")
    name, namespace = _names(r, meta, path)
    where = _start(node.key_node("kind").span)  # type: ignore[union-attr]
    if kind.value == "List" and version.value == "v1":
        r.check_fields(node, F.LIST, "a List")
        items = r.items(node, "items", f"{path}items") or ()
        for i, item in enumerate(items):
            if depth < MAX_LIST_DEPTH:
                _object(r, item, document, out, f"{path}items[{i}].", depth + 1)
        return
    if kind.value not in WORKLOADS:
        out.skipped.append(Skipped(where, kind.value, name, say("pod.skipped-kind", kind=kind.value, name=name)))
        return
    expected, steps, spec_fields = WORKLOADS[kind.value]
    if version.value != expected:
        out.skipped.append(Skipped(where, kind.value, name,
                                   say("pod.skipped-version", kind=kind.value, name=name, version=version.value,
                                       expected=expected)))
        return
    r.check_fields(node, F.TOP, f"a {kind.value}")
    pod = _template(r, node, kind.value, steps, spec_fields, path)
    if pod is None:
        return
    spec, spec_path, spec_key = pod
    config = _pod_spec(r, spec, spec_key, f"{path}{spec_path}", kind.value)
    if config is not None:
        grace, policy, share, containers = config
        out.pods.append(PodConfig(kind.value, version.value, name, namespace, where, document,
                                  f"{path}{spec_path}", spec_key, grace, policy, share, containers))


def _names(r: Reader, meta: Node | None, path: str) -> tuple[str, str | None]:
    if meta is None:
        return "(unnamed)", None
    r.check_fields(meta, F.OBJECT_META, "metadata")
    name = r.string(meta, "name", f"{path}metadata.name")
    generate = r.string(meta, "generateName", f"{path}metadata.generateName")
    namespace = r.string(meta, "namespace", f"{path}metadata.namespace")
    shown = name.value if name else f"{generate.value}(generated)" if generate else "(unnamed)"
    return shown, namespace.value if namespace else None


def _template(r: Reader, node: Node, kind: str, steps: tuple[str, ...], spec_fields: tuple[frozenset[str], ...],
              path: str) -> tuple[Node, str, Span] | None:
    """Walk from the object to its pod template's spec (the object's own spec for a Pod).

    Returns the spec node, its path and the span of its 'spec' key (where defaulted values point).
    """
    current, walked = node, ""
    parent = node
    where = _start(node.span)  # the key of ``current`` (the object's start for the object itself)
    known = iter(spec_fields)
    for step in steps + ("spec",):
        walked = f"{walked}.{step}" if walked else step
        child = r.mapping(current.get(step), f"{path}{walked}")
        if child is None:
            if current.get(step) is None:
                what = f"the {kind}" if current is node else f"'{path}{walked.rpartition('.')[0]}'"
                r.error("missing-field", say("pod.missing-field", field=step, where=what, why=_why(step)), where)
            return None
        where = _start(current.key_node(step).span)  # type: ignore[union-attr]
        if step == "spec":
            fields_here = next(known, None)
            if fields_here is not None:
                r.check_fields(child, fields_here, f"'{path}{walked}'")
        elif step in ("template", "jobTemplate"):
            r.check_fields(child, F.TEMPLATE, f"'{path}{walked}'")
            meta = r.mapping(child.get("metadata"), f"{path}{walked}.metadata")
            if meta is not None:
                r.check_fields(meta, F.OBJECT_META, f"'{path}{walked}.metadata'")
        parent, current = current, child
    return current, walked, _start(parent.key_node("spec").span)  # type: ignore[union-attr]


def _why(step: str) -> str:
    return {"spec": "it holds the pod's containers", "template": "it is the pod the controller creates",
            "jobTemplate": "it is the Job the CronJob creates"}[step]


def _pod_spec(r: Reader, spec: Node, here: Span, path: str, kind: str
              ) -> tuple[Field[int], Field[str], bool, tuple[Container, ...]] | None:
    r.check_fields(spec, F.POD_SPEC, f"the pod spec ({path})")
    grace = r.non_negative(spec, "terminationGracePeriodSeconds", f"{path}.terminationGracePeriodSeconds")
    if grace is None and spec.get("terminationGracePeriodSeconds") is None:
        grace = Field(DEFAULT_GRACE, here, defaulted=True)
    policy = r.enum(spec, "restartPolicy", f"{path}.restartPolicy", POLICIES)
    if policy is None and spec.get("restartPolicy") is None:
        policy = Field(DEFAULT_RESTART_POLICY, here, defaulted=True)
    share = r.boolean(spec, "shareProcessNamespace", f"{path}.shareProcessNamespace")
    containers: list[Container] = []
    complete = True
    for key, init in (("initContainers", True), ("containers", False)):
        items = r.items(spec, key, f"{path}.{key}")
        if key == "containers" and not items:
            if items is not None or spec.get(key) is None:
                node = spec.get(key)
                r.error("missing-field", say("pod.missing-field", field="containers",
                                             where=f"the pod spec of this {kind}",
                                             why="a pod needs at least one container"),
                        _start(node.span) if node is not None else here)
            complete = False
            continue
        for i, item in enumerate(items or ()):
            c = read_container(r, item, f"{path}.{key}[{i}]", init, i)
            if c is None:
                complete = False
            else:
                containers.append(c)
    if grace is None or policy is None or not complete:
        return None
    return grace, policy, share, tuple(containers)
