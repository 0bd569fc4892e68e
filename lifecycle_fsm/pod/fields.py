"""The Kubernetes object fields `lifefsm pod` knows, for its unknown-field check.

kubectl validates strictly by default (server-side field validation, "Strict"
since 1.27): an unknown or duplicate field makes the API server reject the
object. We apply the same rule to the objects we read on the way to the pod
spec: the workload, its spec, the pod template, the pod spec, each container,
its lifecycle, handlers and probes. Objects we do not interpret (resources,
env, volumes, securityContext, ...) are not checked inside: the check stays
exact where it runs and silent elsewhere.

Field names follow k8s.io/api (core/v1, apps/v1, batch/v1) as published in the
OpenAPI documents (yannh/kubernetes-json-schema, master) plus the fields added
since: PodSpec.resources (1.32), hostnameOverride (1.34), workloadRef (1.35),
schedulingGroup (1.36); Container.restartPolicyRules (1.34);
Lifecycle.stopSignal (1.33). A field newer than this list is reported as
unknown: update the list (and cite the release) when Kubernetes adds one.
"""

from __future__ import annotations

TOP = frozenset({"apiVersion", "kind", "metadata", "spec", "status"})
LIST = frozenset({"apiVersion", "kind", "metadata", "items"})

OBJECT_META = frozenset({
    "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
    "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
    "managedFields",
})

TEMPLATE = frozenset({"metadata", "spec"})

DEPLOYMENT_SPEC = frozenset({
    "replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused",
    "progressDeadlineSeconds",
})
STATEFULSET_SPEC = frozenset({
    "replicas", "selector", "template", "volumeClaimTemplates", "serviceName", "podManagementPolicy",
    "updateStrategy", "revisionHistoryLimit", "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals",
})
DAEMONSET_SPEC = frozenset({"selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"})
REPLICASET_SPEC = frozenset({"replicas", "minReadySeconds", "selector", "template"})
JOB_SPEC = frozenset({
    "parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy", "backoffLimit",
    "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
    "completionMode", "suspend", "podReplacementPolicy", "managedBy",
})
CRONJOB_SPEC = frozenset({
    "schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend", "jobTemplate",
    "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
})

POD_SPEC = frozenset({
    "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
    "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName",
    "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID", "hostIPC",
    "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity",
    "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
    "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints",
    "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates", "resourceClaims", "resources", "hostnameOverride",
    "workloadRef", "schedulingGroup",
})

CONTAINER = frozenset({
    "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy",
    "restartPolicy", "restartPolicyRules", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
    "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
    "securityContext", "stdin", "stdinOnce", "tty",
})

LIFECYCLE = frozenset({"postStart", "preStop", "stopSignal"})
LIFECYCLE_HANDLER = frozenset({"exec", "httpGet", "tcpSocket", "sleep"})
PROBE = frozenset({
    "exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
    "successThreshold", "failureThreshold", "terminationGracePeriodSeconds",
})
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
HOOK_HANDLERS = ("exec", "httpGet", "sleep", "tcpSocket")
EXEC = frozenset({"command"})
HTTP_GET = frozenset({"path", "port", "host", "scheme", "httpHeaders"})
TCP_SOCKET = frozenset({"port", "host"})
SLEEP = frozenset({"seconds"})
GRPC = frozenset({"port", "service"})


def suggest(name: str, known: frozenset[str]) -> str | None:
    """The known field a misspelt ``name`` most likely meant, or None."""
    import difflib

    lowered = {k.lower(): k for k in known}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    if close:
        return close[0]
    longer = sorted((k for k in known if len(name) >= 4 and k.lower().startswith(name.lower())), key=len)
    return longer[0] if longer else None
