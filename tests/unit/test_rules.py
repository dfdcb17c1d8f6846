"""Every rule of the design's list, each with a plan that passes and one that fails at an exact path."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from tests.helpers import ALL_MODELS, DELETE, edited, found, load
from tui.models import SpecModel, rules_of
from tui.schema import fields_of
from tui.types import Path, Severity
from tui.validation import validate

E, W = Severity.ERROR, Severity.WARNING


def c(*rest: str | int) -> Path:
    """A path inside the first component."""
    return ("components", 0, *rest)


class Case(NamedTuple):
    """A rule: edits that keep a plan valid, edits that break it, and exactly what the break reports."""

    base: str
    good: dict[Path, Any]
    bad: dict[Path, Any]
    expected: set[tuple[Path, Severity]]


MIN, FULL = "minimal.json", "full-component.json"
HTTP_SOURCE = {"kind": "package", "url": "https://repo.example.com/a.war", "storage": "http"}
HTTP_FIELDS = {"http_username": "u", "http_password": "p", "http_command": "curl -O", "http_headers": {"a": "b"}}

CASES: dict[str, Case] = {
    # ---------------------------------------------------------------- plan fields
    "plan.name required": Case(MIN, {("name",): "n"}, {("name",): DELETE}, {(("name",), E)}),
    "plan.name is a string": Case(MIN, {("name",): "n"}, {("name",): 5}, {(("name",), E)}),
    "plan.components required": Case(MIN, {}, {("components",): DELETE}, {(("components",), E)}),
    "plan.components is a list": Case(MIN, {}, {("components",): {"seq": 1}}, {(("components",), E)}),
    "plan.fail_strategy closed": Case(
        MIN, {("fail_strategy",): "continue"}, {("fail_strategy",): "abort"}, {(("fail_strategy",), E)}
    ),
    "plan.components empty warns": Case(MIN, {}, {("components",): []}, {(("components",), W)}),
    # ---------------------------------------------------------------- component fields
    "label.key not empty, value may be": Case(
        FULL,
        {c("labels"): [{"key": "app", "value": ""}]},
        {c("labels"): [{"key": "", "value": "v"}]},
        {(c("labels", 0, "key"), E)},
    ),
    "component.name shortest": Case(MIN, {c("name"): "a1"}, {c("name"): "a"}, {(c("name"), E)}),
    "component.name longest": Case(MIN, {c("name"): "a" * 64}, {c("name"): "a" * 65}, {(c("name"), E)}),
    "component.name starts with a letter": Case(MIN, {c("name"): "a-b_c9"}, {c("name"): "9abc"}, {(c("name"), E)}),
    "component.name ends with a letter or digit": Case(MIN, {c("name"): "ab-c"}, {c("name"): "abc-"}, {(c("name"), E)}),
    "component.name has no spaces": Case(MIN, {c("name"): "web_front"}, {c("name"): "web front"}, {(c("name"), E)}),
    "component.name is ASCII": Case(MIN, {c("name"): "Web2"}, {c("name"): "wéb2"}, {(c("name"), E)}),
    "component.version three parts": Case(MIN, {c("version"): "1.0.0"}, {c("version"): "1.0"}, {(c("version"), E)}),
    "component.version four parts": Case(
        MIN, {c("version"): "1.0.0.1"}, {c("version"): "1.0.0.0.1"}, {(c("version"), E)}
    ),
    "component.version dot is literal": Case(
        MIN, {c("version"): "10.20.30"}, {c("version"): "1x0x0"}, {(c("version"), E)}
    ),
    "component.version at most 32": Case(
        MIN, {c("version"): "1.0." + "0" * 28}, {c("version"): "1.0." + "0" * 29}, {(c("version"), E)}
    ),
    "component.description at most 128": Case(
        MIN, {c("description"): "d" * 128}, {c("description"): "d" * 129}, {(c("description"), E)}
    ),
    "component.seq at least 1": Case(MIN, {c("seq"): 1}, {c("seq"): 0}, {(c("seq"), E)}),
    "component.seq bool is not an integer": Case(MIN, {c("seq"): 2}, {c("seq"): True}, {(c("seq"), E)}),
    "component.seq string is not an integer": Case(MIN, {c("seq"): 2}, {c("seq"): "2"}, {(c("seq"), E)}),
    "component.seq float is not an integer": Case(MIN, {c("seq"): 2}, {c("seq"): 2.0}, {(c("seq"), E)}),
    "component.replica at least 0": Case(MIN, {c("replica"): 0}, {c("replica"): -1}, {(c("replica"), E)}),
    "component.replica bool": Case(MIN, {c("replica"): 1}, {c("replica"): False}, {(c("replica"), E)}),
    "limit_cpu above 0": Case(MIN, {c("limit_cpu"): 0.25}, {c("limit_cpu"): 0}, {(c("limit_cpu"), E)}),
    "limit_memory above 0": Case(MIN, {c("limit_memory"): 2}, {c("limit_memory"): -1}, {(c("limit_memory"), E)}),
    "request_cpu is a number": Case(MIN, {c("request_cpu"): 1}, {c("request_cpu"): "1"}, {(c("request_cpu"), E)}),
    "request_memory bool": Case(
        MIN, {c("request_memory"): 1.5}, {c("request_memory"): True}, {(c("request_memory"), E)}
    ),
    "commit_id at least 8": Case(
        MIN,
        {c("source", "commit_id"): "a1b2c3d4"},
        {c("source", "commit_id"): "a1b2c3d"},
        {(c("source", "commit_id"), E)},
    ),
    "commit_id at most 40": Case(
        MIN, {c("source", "commit_id"): "a" * 40}, {c("source", "commit_id"): "a" * 41}, {(c("source", "commit_id"), E)}
    ),
    "commit_id starts lowercase or digit": Case(
        MIN,
        {c("source", "commit_id"): "0abcdef1"},
        {c("source", "commit_id"): "Abcdef12"},
        {(c("source", "commit_id"), E)},
    ),
    "required field of a nested table": Case(
        MIN, {}, {c("runtime_stack", "version"): DELETE}, {(c("runtime_stack", "version"), E)}
    ),
    "refer_resources is mandatory": Case(
        MIN, {c("refer_resources"): []}, {c("refer_resources"): DELETE}, {(c("refer_resources"), E)}
    ),
    "host_aliases ip is an address": Case(
        MIN,
        {c("host_aliases"): [{"ip": "fd00::1", "hostname": ["db"]}]},
        {c("host_aliases"): [{"ip": "db.internal", "hostname": ["db"]}]},
        {(c("host_aliases", 0, "ip"), E)},
    ),
    # ---------------------------------------------------------------- integer or percentage
    "max_unavailable integer": Case(
        MIN,
        {c("update_strategy"): {"max_unavailable": 2}},
        {c("update_strategy"): {"max_unavailable": -1}},
        {(c("update_strategy", "max_unavailable"), E)},
    ),
    "max_unavailable percentage": Case(
        MIN,
        {c("update_strategy"): {"max_unavailable": "100%"}},
        {c("update_strategy"): {"max_unavailable": "101%"}},
        {(c("update_strategy", "max_unavailable"), E)},
    ),
    "max_surge needs the percent sign": Case(
        MIN,
        {c("update_strategy"): {"max_surge": "0%"}},
        {c("update_strategy"): {"max_surge": "25"}},
        {(c("update_strategy", "max_surge"), E)},
    ),
    "max_surge may exceed 100%": Case(
        MIN,
        {c("update_strategy"): {"max_surge": "150%"}},
        {c("update_strategy"): {"max_surge": "-5%"}},
        {(c("update_strategy", "max_surge"), E)},
    ),
    "max_unavailable stops at 100%": Case(
        MIN,
        {c("update_strategy"): {"max_unavailable": "0%"}},
        {c("update_strategy"): {"max_unavailable": "150%"}},
        {(c("update_strategy", "max_unavailable"), E)},
    ),
    "a percentage is the whole text": Case(
        MIN,
        {c("update_strategy"): {"max_surge": "25%", "max_unavailable": "25%"}},
        {c("update_strategy"): {"max_surge": "25%\n", "max_unavailable": "25%\n"}},
        {(c("update_strategy", "max_surge"), E), (c("update_strategy", "max_unavailable"), E)},
    ),
    "max_surge is not a boolean": Case(
        MIN,
        {c("update_strategy"): {"max_surge": 1}},
        {c("update_strategy"): {"max_surge": True}},
        {(c("update_strategy", "max_surge"), E)},
    ),
    # ---------------------------------------------------------------- spelled as Huawei's SDK spells it
    "rule_match_mode lower case warns": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "rule_match_mode"): "ANY"},
        {c("deploy_strategy", "gray_release", "rule_match_mode"): "any"},
        {(c("deploy_strategy", "gray_release", "rule_match_mode"), W)},
    ),
    "rule_match_mode lower-case all warns": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "rule_match_mode"): "ALL"},
        {c("deploy_strategy", "gray_release", "rule_match_mode"): "all"},
        {(c("deploy_strategy", "gray_release", "rule_match_mode"), W)},
    ),
    "gray rule condition lower-case equal warns": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "rules", 0, "condition"): "EQUAL"},
        {c("deploy_strategy", "gray_release", "rules", 0, "condition"): "equal"},
        {(c("deploy_strategy", "gray_release", "rules", 0, "condition"), W)},
    ),
    "gray rule condition lower-case match warns": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "rules", 0, "condition"): "MATCH"},
        {c("deploy_strategy", "gray_release", "rules", 0, "condition"): "match"},
        {(c("deploy_strategy", "gray_release", "rules", 0, "condition"), W)},
    ),
    "gray rule condition lower case warns": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "rules", 0, "condition"): "MATCH"},
        {c("deploy_strategy", "gray_release", "rules", 0, "condition"): "in"},
        {(c("deploy_strategy", "gray_release", "rules", 0, "condition"), W)},
    ),
    "deployment_mode 6 warns": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "deployment_mode"): 3},
        {c("deploy_strategy", "gray_release", "deployment_mode"): 6},
        {(c("deploy_strategy", "gray_release", "deployment_mode"), W)},
    ),
    "toleration NoSchedule warns": Case(
        FULL,
        {c("tolerations", 1, "effect"): "NoScheduler"},
        {c("tolerations", 1, "effect"): "NoSchedule"},
        {(c("tolerations", 1, "effect"), W)},
    ),
    # ---------------------------------------------------------------- deploy strategy
    "RollingRelease needs rolling_release": Case(
        MIN,
        {c("deploy_strategy"): {"type": "RollingRelease", "rolling_release": {"batches": 2}}},
        {c("deploy_strategy"): {"type": "RollingRelease"}},
        {(c("deploy_strategy", "rolling_release"), E)},
    ),
    "GrayRelease needs gray_release": Case(
        MIN,
        {
            c("deploy_strategy"): {
                "type": "GrayRelease",
                "gray_release": {
                    "type": "CONTENT",
                    "replica_surge_mode": "MIRROR",
                    "rule_match_mode": "ALL",
                    "rules": [],
                },
            }
        },
        {c("deploy_strategy"): {"type": "GrayRelease"}},
        {(c("deploy_strategy", "gray_release"), E)},
    ),
    "OneBatchRelease needs neither": Case(
        MIN,
        {c("deploy_strategy"): {"type": "OneBatchRelease"}},
        {c("deploy_strategy"): {}},
        {(c("deploy_strategy", "type"), E)},
    ),
    "WEIGHT needs its batches": Case(
        MIN,
        {
            c("deploy_strategy"): {
                "type": "GrayRelease",
                "gray_release": {
                    "type": "WEIGHT",
                    "first_batch_weight": 10,
                    "first_batch_replica": 1,
                    "remaining_batch": 2,
                },
            }
        },
        {c("deploy_strategy"): {"type": "GrayRelease", "gray_release": {"type": "WEIGHT"}}},
        {
            (c("deploy_strategy", "gray_release", "first_batch_weight"), E),
            (c("deploy_strategy", "gray_release", "first_batch_replica"), E),
            (c("deploy_strategy", "gray_release", "remaining_batch"), E),
        },
    ),
    "CONTENT needs its rules": Case(
        MIN,
        {
            c("deploy_strategy"): {
                "type": "GrayRelease",
                "gray_release": {
                    "type": "CONTENT",
                    "replica_surge_mode": "EXTRA",
                    "rule_match_mode": "ANY",
                    "rules": [{"type": "HEADER", "key": "k", "value": "v", "condition": "EQUAL"}],
                },
            }
        },
        {c("deploy_strategy"): {"type": "GrayRelease", "gray_release": {"type": "CONTENT", "first_batch_weight": 10}}},
        {
            (c("deploy_strategy", "gray_release", "replica_surge_mode"), E),
            (c("deploy_strategy", "gray_release", "rule_match_mode"), E),
            (c("deploy_strategy", "gray_release", "rules"), E),
        },
    ),
    "first_batch_weight is a percentage": Case(
        FULL,
        {c("deploy_strategy", "gray_release", "first_batch_weight"): 100},
        {c("deploy_strategy", "gray_release", "first_batch_weight"): 101},
        {(c("deploy_strategy", "gray_release", "first_batch_weight"), E)},
    ),
    "gray rules are a list": Case(
        FULL,
        {},
        {
            c("deploy_strategy", "gray_release", "rules"): {
                "type": "HEADER",
                "key": "k",
                "value": "v",
                "condition": "EQUAL",
            }
        },
        {(c("deploy_strategy", "gray_release", "rules"), E)},
    ),
    # ---------------------------------------------------------------- runtime stack
    "virtualmachine runs Java": Case(
        MIN,
        {c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {c("runtime_stack", "deploy_mode"): "virtualmachine", c("runtime_stack", "type"): "Php"},
        {(c("runtime_stack", "type"), E)},
    ),
    "virtualmachine cannot run Docker": Case(
        MIN,
        {c("runtime_stack", "type"): "Nodejs", c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {c("runtime_stack", "type"): "Docker", c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {(c("runtime_stack", "type"), E)},
    ),
    "container runs Php and Docker": Case(
        MIN,
        {c("runtime_stack", "type"): "Php"},
        {c("runtime_stack", "type"): "Perl"},
        {(c("runtime_stack", "type"), E)},
    ),
    "Python is listed for no container deployment": Case(
        MIN,
        {c("runtime_stack", "type"): "Docker"},
        {c("runtime_stack", "type"): "Python"},
        {(c("runtime_stack", "type"), E)},
    ),
    "Python is listed for no virtualmachine deployment": Case(
        MIN,
        {c("runtime_stack", "type"): "Java", c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {c("runtime_stack", "type"): "Python", c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {(c("runtime_stack", "type"), E)},
    ),
    # ---------------------------------------------------------------- build
    "container from a package needs build": Case(
        MIN,
        {c("source"): {**HTTP_SOURCE, "storage": "obs"}, c("build"): {"parameters": {"cluster_id": "k1"}}},
        {c("source"): {**HTTP_SOURCE, "storage": "obs"}},
        {(c("build"), E)},
    ),
    "container from code needs build parameters": Case(
        MIN,
        {
            c("source"): {"kind": "code", "repo_url": "https://git.example.com/a.git"},
            c("build"): {"parameters": {"cluster_id": "k1"}},
        },
        {c("source"): {"kind": "code", "repo_url": "https://git.example.com/a.git"}, c("build"): {}},
        {(c("build", "parameters"), E)},
    ),
    "build parameters need cluster_id": Case(
        MIN,
        {c("build"): {"parameters": {"cluster_id": "k1"}}},
        {c("build"): {"parameters": {"build_cmd": "make"}}},
        {(c("build", "parameters", "cluster_id"), E)},
    ),
    "virtualmachine from a package needs no build": Case(
        MIN,
        {c("runtime_stack", "deploy_mode"): "virtualmachine", c("source"): {**HTTP_SOURCE, "storage": "obs"}},
        {c("runtime_stack", "deploy_mode"): "container", c("source"): {**HTTP_SOURCE, "storage": "obs"}},
        {(c("build"), E)},
    ),
    # ---------------------------------------------------------------- mesher and tomcat
    "Nodejs bound to cse needs mesher": Case(
        MIN,
        {
            c("runtime_stack", "type"): "Nodejs",
            c("refer_resources"): [{"id": "e1", "type": "cse"}],
            c("mesher"): {"port": 8080},
        },
        {c("runtime_stack", "type"): "Nodejs", c("refer_resources"): [{"id": "e1", "type": "cse"}]},
        {(c("mesher"), E)},
    ),
    "Nodejs without cse needs no mesher": Case(
        MIN,
        {c("runtime_stack", "type"): "Nodejs", c("refer_resources"): [{"id": "e1", "type": "rds"}]},
        {
            c("runtime_stack", "type"): "Nodejs",
            c("refer_resources"): [{"id": "e1", "type": "rds"}, {"id": "e2", "type": "cse"}],
        },
        {(c("mesher"), E)},
    ),
    "tomcat_opts need Tomcat": Case(
        MIN,
        {c("runtime_stack", "type"): "Tomcat", c("tomcat_opts"): {"server_xml": "<Server/>"}},
        {c("tomcat_opts"): {"server_xml": "<Server/>"}},
        {(c("tomcat_opts"), W)},
    ),
    # ---------------------------------------------------------------- source
    "package source needs url and storage": Case(
        MIN,
        {c("source"): {**HTTP_SOURCE, "storage": "obs"}, c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {c("source"): {"kind": "image"}},
        {(c("source", "url"), E), (c("source", "storage"), E)},
    ),
    "code source needs neither": Case(
        MIN,
        {c("source"): {"kind": "code"}, c("build"): {"parameters": {"cluster_id": "k"}}},
        {c("source"): {"kind": "package"}, c("build"): {"parameters": {"cluster_id": "k"}}},
        {(c("source", "url"), E), (c("source", "storage"), E)},
    ),
    "http storage needs credentials and headers": Case(
        MIN,
        {c("source"): {**HTTP_SOURCE, **HTTP_FIELDS}, c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {c("source"): HTTP_SOURCE, c("runtime_stack", "deploy_mode"): "virtualmachine"},
        {(c("source", key), E) for key in HTTP_FIELDS},
    ),
    # ---------------------------------------------------------------- storages
    "HostPath needs path": Case(
        FULL,
        {c("storages", 1, "type"): "HostPath", c("storages", 1, "parameters"): {"path": "/data"}},
        {c("storages", 1, "type"): "HostPath", c("storages", 1, "parameters"): {}},
        {(c("storages", 1, "parameters", "path"), E)},
    ),
    "ConfigMap needs name": Case(
        FULL,
        {c("storages", 0, "type"): "ConfigMap"},
        {c("storages", 0, "type"): "ConfigMap", c("storages", 0, "parameters", "name"): DELETE},
        {(c("storages", 0, "parameters", "name"), E)},
    ),
    "Secret needs name": Case(
        FULL,
        {c("storages", 0, "type"): "Secret"},
        {c("storages", 0, "type"): "Secret", c("storages", 0, "parameters", "name"): DELETE},
        {(c("storages", 0, "parameters", "name"), E)},
    ),
    "PersistentVolumeClaim needs name": Case(
        FULL,
        {c("storages", 1, "type"): "PersistentVolumeClaim", c("storages", 1, "parameters"): {"name": "data"}},
        {c("storages", 1, "type"): "PersistentVolumeClaim", c("storages", 1, "parameters"): {}},
        {(c("storages", 1, "parameters", "name"), E)},
    ),
    "default_mode only for ConfigMap and Secret": Case(
        FULL,
        {c("storages", 0, "type"): "Secret"},
        {c("storages", 0, "type"): "PersistentVolumeClaim"},
        {(c("storages", 0, "parameters", "default_mode"), W)},
    ),
    "medium only for EmptyDir": Case(
        FULL,
        {},
        {c("storages", 1, "type"): "HostPath", c("storages", 1, "parameters", "path"): "/d"},
        {(c("storages", 1, "parameters", "medium"), W)},
    ),
    "default_mode is a file mode": Case(
        FULL,
        {c("storages", 0, "parameters", "default_mode"): 511},
        {c("storages", 0, "parameters", "default_mode"): 512},
        {(c("storages", 0, "parameters", "default_mode"), E)},
    ),
    # ---------------------------------------------------------------- refer resources
    "efs fixes csi-sfsturbo": Case(
        FULL,
        {
            c("refer_resources", 2, "parameters", "type"): "efs",
            c("refer_resources", 2, "parameters", "class"): "csi-sfsturbo",
        },
        {
            c("refer_resources", 2, "parameters", "type"): "efs",
            c("refer_resources", 2, "parameters", "class"): "csi-obs",
        },
        {(c("refer_resources", 2, "parameters", "class"), E)},
    ),
    "obs fixes csi-obs": Case(
        FULL,
        {
            c("refer_resources", 2, "parameters", "type"): "obs",
            c("refer_resources", 2, "parameters", "class"): "csi-obs",
        },
        {
            c("refer_resources", 2, "parameters", "type"): "obs",
            c("refer_resources", 2, "parameters", "class"): "csi-nas",
        },
        {(c("refer_resources", 2, "parameters", "class"), E)},
    ),
    "sfs fixes csi-nas": Case(
        FULL,
        {
            c("refer_resources", 2, "parameters", "type"): "sfs",
            c("refer_resources", 2, "parameters", "class"): "csi-nas",
        },
        {
            c("refer_resources", 2, "parameters", "type"): "sfs",
            c("refer_resources", 2, "parameters", "class"): "csi-disk",
        },
        {(c("refer_resources", 2, "parameters", "class"), E)},
    ),
    "evs fixes csi-disk, class may be left out": Case(
        FULL,
        {c("refer_resources", 2, "parameters", "class"): DELETE},
        {c("refer_resources", 2, "parameters", "class"): "csi-sfsturbo"},
        {(c("refer_resources", 2, "parameters", "class"), E)},
    ),
    # ---------------------------------------------------------------- probes
    "probe path only for http": Case(
        FULL, {c("startup_probe", "port"): 81}, {c("startup_probe", "path"): "/x"}, {(c("startup_probe", "path"), W)}
    ),
    "probe scheme and host only for http": Case(
        FULL,
        {},
        {c("startup_probe", "scheme"): "HTTP", c("startup_probe", "host"): "h"},
        {(c("startup_probe", "scheme"), W), (c("startup_probe", "host"), W)},
    ),
    "probe port only for http or tcp": Case(
        FULL,
        {c("liveness_probe"): {"type": "command", "delay": 1, "timeout": 1, "command": ["true"]}},
        {c("liveness_probe"): {"type": "command", "delay": 1, "timeout": 1, "command": ["true"], "port": 80}},
        {(c("liveness_probe", "port"), W)},
    ),
    "probe command only for command": Case(
        FULL, {}, {c("readiness_probe", "command"): ["true"]}, {(c("readiness_probe", "command"), W)}
    ),
    "probe without its port warns": Case(
        FULL, {}, {c("startup_probe", "port"): DELETE}, {(c("startup_probe", "port"), W)}
    ),
    "container probe rules too": Case(
        FULL,
        {},
        {c("multi_containers", 0, "liveness_probe", "path"): "/x"},
        {(c("multi_containers", 0, "liveness_probe", "path"), W)},
    ),
    # ---------------------------------------------------------------- lifecycle hooks
    "hook port only for http": Case(
        FULL, {c("pre_stop", "host"): "10.0.0.1"}, {c("post_start", "port"): 80}, {(c("post_start", "port"), W)}
    ),
    "hook scheme host path only for http": Case(
        FULL,
        {},
        {c("post_start", "scheme"): "HTTPS", c("post_start", "host"): "h", c("post_start", "path"): "/"},
        {(c("post_start", k), W) for k in ("scheme", "host", "path")},
    ),
    "hook command only for command": Case(
        FULL, {}, {c("pre_stop", "command"): ["true"]}, {(c("pre_stop", "command"), W)}
    ),
    "command hook without a command warns": Case(
        FULL, {}, {c("post_start", "command"): []}, {(c("post_start", "command"), W)}
    ),
    # ---------------------------------------------------------------- affinity
    "required affinity weighs 100": Case(
        FULL, {c("affinity", 0, "weight"): "100"}, {c("affinity", 0, "weight"): "50"}, {(c("affinity", 0, "weight"), E)}
    ),
    "preferred affinity weighs at least 1": Case(
        FULL,
        {c("anti_affinity", 0, "weight"): "1"},
        {c("anti_affinity", 0, "weight"): "0"},
        {(c("anti_affinity", 0, "weight"), E)},
    ),
    "preferred affinity weighs at most 100": Case(
        FULL,
        {c("anti_affinity", 0, "weight"): "100"},
        {c("anti_affinity", 0, "weight"): "101"},
        {(c("anti_affinity", 0, "weight"), E)},
    ),
    "affinity weight is a string": Case(FULL, {}, {c("affinity", 0, "weight"): 100}, {(c("affinity", 0, "weight"), E)}),
    # ---------------------------------------------------------------- tolerations
    "Equal needs a value": Case(FULL, {}, {c("tolerations", 0, "value"): DELETE}, {(c("tolerations", 0, "value"), E)}),
    "Equal needs a key": Case(FULL, {}, {c("tolerations", 0, "key"): DELETE}, {(c("tolerations", 0, "key"), E)}),
    "Exists takes no value": Case(
        FULL,
        {c("tolerations", 1, "key"): DELETE},
        {c("tolerations", 1, "value"): "v"},
        {(c("tolerations", 1, "value"), E)},
    ),
    "toleration_seconds only with NoExecute": Case(
        FULL, {}, {c("tolerations", 0, "effect"): "NoScheduler"}, {(c("tolerations", 0, "toleration_seconds"), W)}
    ),
    # ---------------------------------------------------------------- update strategy
    "max_surge only for a deployment": Case(
        FULL,
        {c("workload_kind"): DELETE},
        {c("workload_kind"): "statefulset"},
        {(c("update_strategy", "max_unavailable"), W), (c("update_strategy", "max_surge"), W)},
    ),
    "daemonset without surge settings": Case(
        FULL,
        {
            c("workload_kind"): "daemonset",
            c("update_strategy", "max_unavailable"): DELETE,
            c("update_strategy", "max_surge"): DELETE,
        },
        {c("workload_kind"): "daemonset", c("update_strategy", "max_unavailable"): DELETE},
        {(c("update_strategy", "max_surge"), W)},
    ),
    "progress deadline after min ready": Case(
        FULL,
        {c("update_strategy", "progress_deadline_seconds"): 6, c("update_strategy", "min_ready_seconds"): 5},
        {c("update_strategy", "progress_deadline_seconds"): 5, c("update_strategy", "min_ready_seconds"): 5},
        {(c("update_strategy", "progress_deadline_seconds"), E)},
    ),
    "progress deadline after the default min ready": Case(
        MIN,
        {c("update_strategy"): {"progress_deadline_seconds": 1}},
        {c("update_strategy"): {"progress_deadline_seconds": 0}},
        {(c("update_strategy", "progress_deadline_seconds"), E)},
    ),
    # ---------------------------------------------------------------- multiple containers
    "extra containers run images": Case(
        FULL,
        {},
        {
            c("multi_containers", 0, "source"): {
                "kind": "package",
                "url": "https://repo.example.com/a.tgz",
                "storage": "obs",
            }
        },
        {(c("multi_containers", 0, "source", "kind"), E)},
    ),
    # ---------------------------------------------------------------- requests and limits
    "request_cpu within limit_cpu": Case(FULL, {c("request_cpu"): 2}, {c("request_cpu"): 2.5}, {(c("request_cpu"), W)}),
    "request_memory within limit_memory": Case(
        FULL, {c("request_memory"): 4}, {c("request_memory"): 8}, {(c("request_memory"), W)}
    ),
    "container request within its limit": Case(
        FULL, {}, {c("multi_containers", 0, "request_cpu"): 1}, {(c("multi_containers", 0, "request_cpu"), W)}
    ),
    # ---------------------------------------------------------------- unknown keys
    "unknown component key warns": Case(MIN, {}, {c("replicas"): 3}, {(c("replicas"), W)}),
    "unknown plan key warns": Case(MIN, {}, {("descr",): "d"}, {(("descr",), W)}),
    "read-only keys of a fetched plan pass": Case(
        MIN, {("id",): "x", ("status",): "SUCCEEDED", ("create_time",): 1764000000000}, {c("id"): "x"}, {(c("id"), W)}
    ),
    "the wire name is conifg_id": Case(
        FULL,
        {},
        {c("configs", 0): {"config_id": "x", "mount_path": "/c"}},
        {(c("configs", 0, "config_id"), W), (c("configs", 0, "conifg_id"), E)},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_rule_passes(case: Case) -> None:
    assert validate(edited(load(case.base), case.good)) == []


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_rule_fails_at_the_field_that_must_change(case: Case) -> None:
    assert found(edited(load(case.base), case.bad)) == case.expected


def test_more_than_64_components_warns() -> None:
    plan = load(MIN)
    component = plan["components"][0]
    plan["components"] = [{**component, "component_id": f"c{i}", "name": f"svc{i}"} for i in range(64)]
    assert validate(plan) == []
    plan["components"].append({**component, "component_id": "c64", "name": "svc64"})
    assert found(plan) == {(("components",), W)}


def test_unknown_key_names_the_closest_field() -> None:
    plan = edited(load(MIN), {c("replicas"): 3, c("source", "urll"): "x", ("Name",): "n"})
    messages = {issue.path: issue.message for issue in validate(plan)}
    assert "did you mean replica?" in messages[c("replicas")]
    assert "did you mean url?" in messages[c("source", "urll")]
    assert "did you mean name?" in messages[("Name",)]


def test_an_unknown_key_that_spells_out_a_field_names_it() -> None:
    plan = edited(load(MIN), {("description",): "d", c("env"): [], c("zz"): 1})
    messages = {issue.path: issue.message for issue in validate(plan)}
    assert messages[("description",)] == '"description" is not a field the API knows; did you mean desc?'
    assert "did you mean envs?" in messages[c("env")]
    assert messages[c("zz")] == '"zz" is not a field the API knows'


def test_a_wrong_type_does_not_hide_a_cross_field_rule() -> None:
    plan = edited(load(MIN), {c("replica"): "3", c("deploy_strategy"): {"type": "RollingRelease"}})
    assert found(plan) == {(c("replica"), E), (c("deploy_strategy", "rolling_release"), E)}


def test_messages_name_the_rule_in_plain_words() -> None:
    plan = edited(
        load(MIN),
        {c("version"): "1.0", c("seq"): True, ("fail_strategy",): "abort", c("name"): DELETE, c("replica"): -1},
    )
    messages = {issue.path: issue.message for issue in validate(plan)}
    assert messages[c("version")] == (
        'version must be 3 or 4 whole numbers separated by dots, like 1.0.0 or 1.0.0.1; "1.0" is not'
    )
    assert messages[c("seq")] == "seq must be a whole number, 1 or more; true is a boolean"
    assert messages[("fail_strategy",)] == 'fail_strategy must be one of "continue", "stop"; "abort" is not'
    assert messages[c("name")] == "name is required"
    assert messages[c("replica")] == "replica must be 0 or more; -1 is not"


ODD_VALUES = [None, True, 0, -5, 2.5, "", "x", "100", [], [{}], {}, {"type": "http"}]


@pytest.mark.parametrize("model", sorted(ALL_MODELS, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_rules_survive_any_json_in_any_field(model: type[SpecModel]) -> None:
    for rule in rules_of(model):
        for key in fields_of(model):
            for value in ODD_VALUES:
                for neighbours in ({}, {k: value for k in fields_of(model)}):
                    list(rule({**neighbours, key: value}))


def test_a_plan_that_is_not_an_object() -> None:
    assert found([1, 2]) == {((), E)}
