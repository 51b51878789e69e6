#!/usr/bin/env python3
"""Writes kubernetes-messages.txt: the protobuf field numbers and types of the Kubernetes messages
the API server decodes (the served kinds and everything they reference), read from the
generated.proto files of k8s.io/api and k8s.io/apimachinery checkouts (Apache-2.0).

usage: generate-messages.py API_CHECKOUT APIMACHINERY_CHECKOUT > kubernetes-messages.txt

Output, one message per line:  full.Name field:number:label:type ...
label is o (optional), r (repeated), m (map, type "K,V") or i (a Go struct embedded with json:",inline",
whose fields JSON shows in the parent's: the proto files do not say so, INLINE does); types are proto
scalars or full message names.
"""
import os
import re
import sys

ROOTS = [
    "k8s.io.api.core.v1." + k for k in [
        "Namespace", "Pod", "Service", "Endpoints", "ConfigMap", "Secret", "ServiceAccount", "Event", "Node",
        "PersistentVolume", "PersistentVolumeClaim", "LimitRange", "ResourceQuota", "Binding"]
] + ["k8s.io.api.apps.v1." + k for k in ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ControllerRevision"]] + [
    "k8s.io.api.batch.v1.Job", "k8s.io.api.batch.v1.CronJob", "k8s.io.api.coordination.v1.Lease",
    "k8s.io.api.discovery.v1.EndpointSlice", "k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler",
    "k8s.io.api.autoscaling.v1.Scale", "k8s.io.api.networking.v1.NetworkPolicy", "k8s.io.api.networking.v1.Ingress",
    "k8s.io.api.events.v1.Event", "k8s.io.api.certificates.v1.CertificateSigningRequest",
] + ["k8s.io.api.rbac.v1." + k for k in ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]] + [
    "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions",
    "k8s.io.api.scheduling.v1.PriorityClass", "k8s.io.api.policy.v1.PodDisruptionBudget", "k8s.io.api.policy.v1.Eviction",
] + ["k8s.io.api.authentication.v1." + k for k in ["TokenRequest", "TokenReview", "SelfSubjectReview"]] + [
    "k8s.io.api.authorization.v1." + k
    for k in ["SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview", "LocalSubjectAccessReview"]
]

INLINE = {("k8s.io.api.core.v1." + m, "localObjectReference") for m in [
    "ConfigMapEnvSource", "ConfigMapKeySelector", "ConfigMapProjection", "ConfigMapVolumeSource",
    "SecretEnvSource", "SecretKeySelector", "SecretProjection"]} | {
    ("k8s.io.api.core.v1.Volume", "volumeSource"),
    ("k8s.io.api.core.v1.PersistentVolumeSpec", "persistentVolumeSource"),
    ("k8s.io.api.core.v1.EphemeralContainer", "ephemeralContainerCommon"),
    ("k8s.io.api.core.v1.Probe", "handler"),
    ("k8s.io.api.networking.v1.IngressRule", "ingressRuleValue"),
}

FIELD = re.compile(r"^\s*(optional|repeated|required)?\s*(map<\s*([\w.]+)\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)")


def parse(path, messages):
    package = None
    current = None
    depth = 0
    for line in open(path, encoding="utf-8"):
        code = line.split("//", 1)[0]
        if m := re.match(r"^\s*package\s+([\w.]+);", code):
            package = m.group(1)
        elif m := re.match(r"^\s*message\s+(\w+)\s*{", code):
            if depth == 0:
                current = f"{package}.{m.group(1)}"
                messages[current] = []
            depth += 1
        elif current and (m := FIELD.match(code)):
            label, type_, key, value, name, number = m.groups()
            def qualify(t):
                scalar = t in ("string", "bytes", "bool", "int32", "int64", "uint32", "uint64", "double", "float", "sint32", "sint64")
                return t if scalar else (t.lstrip(".") if "." in t else f"{package}.{t}")
            if key:
                messages[current].append((name, number, "m", f"{qualify(key)},{qualify(value)}"))
            else:
                kind = "r" if label == "repeated" else "i" if (current, name) in INLINE else "o"
                messages[current].append((name, number, kind, qualify(type_)))
        if "}" in code and current:
            depth -= code.count("}")
            if depth <= 0:
                current, depth = None, 0


def main():
    messages = {}
    for root in sys.argv[1:]:
        for dirpath, _, files in os.walk(root):
            if "generated.proto" in files:
                parse(os.path.join(dirpath, "generated.proto"), messages)
    wanted, queue = [], list(ROOTS)
    while queue:
        name = queue.pop(0)
        if name in wanted or name not in messages:
            continue
        wanted.append(name)
        for _, _, label, type_ in messages[name]:
            for t in type_.split(","):
                if t in messages:
                    queue.append(t)
    missing = [r for r in ROOTS if r not in messages]
    if missing:
        sys.exit(f"missing messages: {missing}")
    for name in sorted(wanted):
        fields = " ".join(f"{n}:{num}:{label}:{t}" for n, num, label, t in messages[name])
        print(f"{name} {fields}".rstrip())


main()
