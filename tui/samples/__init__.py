"""Sample release plans: realistic, valid, and built to exercise every table of the reference.

:func:`full_component` returns a component that uses every one of Tables 4 to 42; :func:`sample_plan` a plan of
any number of them, varied the way a real batch release is (names, batches, versions, replicas). The JSON files
beside this module are shipped samples for the demo and the README.
"""

from __future__ import annotations

import uuid
from importlib import resources
from pathlib import Path

from tui.types import JSON

__all__ = ["SAMPLE_NAMESPACE", "full_component", "sample_path", "sample_plan"]

SAMPLE_NAMESPACE = uuid.UUID("6f1c8a52-3b0e-4d7e-9a55-1c2f3e4d5a60")
"""Namespace of the sample ids, so that they are stable from one run to the next."""

_SERVICES = ("orders", "payments", "catalog", "cart", "search", "users", "billing", "notify")


def _id(kind: str, index: int) -> str:
    return str(uuid.uuid5(SAMPLE_NAMESPACE, f"{kind}-{index}"))


def full_component(index: int = 0, *, batches: int = 4) -> dict[str, JSON]:
    """A valid Tomcat component in containers that fills in every table of the reference."""
    service = f"{_SERVICES[index % len(_SERVICES)]}-{index:03d}"
    probe_http: dict[str, JSON] = {
        "type": "http",
        "delay": 30,
        "timeout": 5,
        "scheme": "HTTP",
        "host": "",
        "port": 8080,
        "path": "/health",
    }
    storages: list[JSON] = [
        {
            "type": "ConfigMap",
            "name": "app-config",
            "parameters": {"name": f"{service}-config", "default_mode": 384},
            "mounts": [{"path": "/opt/app/config", "sub_path": "application.yaml", "read_only": True}],
        },
        {
            "type": "EmptyDir",
            "name": "scratch",
            "parameters": {"medium": "memory"},
            "mounts": [{"path": "/var/cache/scratch", "sub_path": "", "read_only": False}],
        },
    ]
    envs: list[JSON] = [
        {"name": "SPRING_PROFILES_ACTIVE", "value": "prod"},
        {
            "name": "DB_PASSWORD",
            "value_from": {
                "reference_type": "secretKey",
                "name": f"{service}-db",
                "key": "password",
                "optional": False,
            },
        },
    ]
    logs: list[JSON] = [
        {
            "log_path": "/opt/app/logs/app.log",
            "rotate": "Hourly",
            "host_path": "/var/log/apps",
            "host_extend_path": "PodName",
        },
    ]
    return {
        "seq": index % batches + 1,
        "component_id": _id("component", index),
        "name": service,
        "workload_name": service,
        "labels": [{"key": "app", "value": service}, {"key": "tier", "value": "backend"}],
        "runtime_stack": {
            "name": "Tomcat8",
            "type": "Tomcat",
            "version": "8.5.100",
            "deploy_mode": "container",
        },
        "environment_id": _id("environment", index % 2),
        "description": f"The {service} service.",
        "source": {
            "kind": "package",
            "version": f"2.{index % 10}.0",
            "url": f"https://repo.example.com/releases/{service}/2.{index % 10}.0/{service}.war",
            "storage": "http",
            "http_username": "deployer",
            "http_password": "sample-password-not-real",
            "http_command": f"curl -fsSL -o {service}.war",
            "http_headers": {"X-Release": "2026.11"},
            "auth": "none",
        },
        "build": {
            "parameters": {
                "build_cmd": "mvn clean package",
                "dockerfile_path": "./Dockerfile",
                "artifact_namespace": "cas_sample",
                "cluster_id": _id("cluster", 0),
                "node_label_selector": {"build": "true"},
                "environment_id": _id("environment", index % 2),
            },
        },
        "limit_cpu": 2,
        "limit_memory": 4,
        "request_cpu": 0.5,
        "request_memory": 1.5,
        "version": f"1.{index // 10}.{index % 10}",
        "envs": envs,
        "replica": 2 + index % 3,
        "storages": storages,
        "deploy_strategy": {
            "type": "GrayRelease",
            "rolling_release": {"batches": 2},
            "gray_release": {
                "type": "CONTENT",
                "first_batch_weight": 20,
                "first_batch_replica": 1,
                "remaining_batch": 2,
                "deployment_mode": 1,
                "replica_surge_mode": "EXTRA",
                "rule_match_mode": "ALL",
                "rules": [{"type": "HEADER", "key": "x-canary", "value": "true", "condition": "EQUAL"}],
            },
        },
        "command": {"command": ["/bin/sh", "-c"], "args": ["catalina.sh run"]},
        "post_start": {"type": "command", "command": ["/bin/sh", "-c", "echo started"]},
        "pre_stop": {"type": "http", "scheme": "HTTP", "port": 8080, "path": "/shutdown"},
        "mesher": {"port": 8080},
        "timezone": "Asia/Shanghai",
        "jvm_opts": "-Xms256m -Xmx1024m",
        "tomcat_opts": {"server_xml": '<Server port="8005" shutdown="SHUTDOWN"/>'},
        "host_aliases": [{"ip": "10.0.0.10", "hostname": ["db.internal", "db"]}],
        "dns_policy": "ClusterFirst",
        "dns_config": {
            "nameservers": ["10.247.3.10"],
            "searches": ["svc.cluster.local"],
            "options": [{"name": "ndots", "value": "2"}, {"name": "single-request-reopen"}],
        },
        "workload_kind": "deployment",
        "security_context": {
            "run_as_user": 1000,
            "run_as_group": 1000,
            "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
        },
        "logs": logs,
        "custom_metric": {"path": "/metrics", "port": 9090, "dimensions": "cpu_usage,mem_usage"},
        "affinity": [
            {
                "kind": "node",
                "condition": "required",
                "match_expressions": [{"key": "zone", "value": "az1", "operation": "In"}],
                "weight": "100",
            },
        ],
        "anti_affinity": [
            {
                "kind": "pod",
                "condition": "preferred",
                "match_expressions": [{"key": "app", "value": service, "operation": "In"}],
                "weight": "50",
            },
        ],
        "liveness_probe": probe_http,
        "readiness_probe": {**probe_http, "delay": 10},
        "startup_probe": {"type": "tcp", "delay": 0, "timeout": 3, "port": 8080},
        "refer_resources": [
            {"id": _id("cce", 0), "type": "cce", "parameters": {"namespace": "default"}},
            {"id": _id("elb", index % 4), "type": "elb"},
            {
                "id": _id("pvc", index),
                "type": "pvc",
                "parameters": {
                    "name": f"{service}-data",
                    "capacity": 10,
                    "type": "evs",
                    "class": "csi-disk",
                    "access_mode": "ReadWriteOnce",
                    "availableZone": "ap-southeast-1a",
                    "volume_type": "SSD",
                },
            },
        ],
        "external_accesses": [{"protocol": "https", "address": f"{service}.example.com", "forward_port": 443}],
        "tolerations": [
            {
                "key": "dedicated",
                "operator": "Equal",
                "value": "apps",
                "effect": "NoExecute",
                "toleration_seconds": 300,
            },
            {"key": "maintenance", "operator": "Exists", "effect": "PreferNoSchedule"},
        ],
        "container_name": service,
        "update_strategy": {
            "type": "RollingUpdate",
            "max_unavailable": "25%",
            "max_surge": 1,
            "termination_period_seconds": 30,
            "min_ready_seconds": 5,
            "progress_deadline_seconds": 600,
            "revision_history_limit": 10,
        },
        "multi_containers": [
            {
                "container_name": "log-agent",
                "source": {"kind": "image", "url": "swr.example.com/ops/log-agent:1.4.2", "storage": "swr"},
                "limit_cpu": 0.25,
                "limit_memory": 0.25,
                "request_cpu": 0.1,
                "request_memory": 0.125,
                "envs": [{"name": "LOG_LEVEL", "value": "info"}],
                "liveness_probe": {
                    "type": "command",
                    "delay": 10,
                    "timeout": 2,
                    "command": ["pgrep", "agent"],
                },
                "readiness_probe": {"type": "tcp", "delay": 5, "timeout": 2, "port": 24224},
                "startup_probe": {"type": "tcp", "delay": 0, "timeout": 2, "port": 24224},
                "command": {"command": ["/agent"], "args": ["--config=/etc/agent.conf"]},
                "post_start": {"type": "command", "command": ["/agent", "--check"]},
                "pre_stop": {"type": "command", "command": ["/agent", "--flush"]},
                "logs": logs,
                "storages": [storages[1]],
                "security_context": {"run_as_user": 1000},
                "config_encryption": {"key_id": _id("key", 1)},
            },
        ],
        "service_name": f"{service}-headless",
        "ports": [{"name": "http", "port": "8080", "target_port": "8080"}],
        "workload_content": "",
        "configs": [{"conifg_id": _id("config", index), "mount_path": "/opt/app/conf"}],
        "enable_sermant_injection": True,
        "enable_sermant_spring_register": True,
        "enable_sermant_dubbo_register": False,
        "enable_sermant_config": True,
        "cell_id": "cell-1",
        "swimlane_id": "base",
        "sermantAgentInjectActionFlag": True,
        "sys_config": {"conf/app.properties": "feature.x=true"},
        "image_pull_secrets": ["default-secret"],
        "auto_lts_config": {"enable": True, "lts_log_path": ["/opt/app/logs"]},
        "config_encryption": {"key_id": _id("key", 0)},
    }


def sample_plan(components: int, *, name: str = "checkout-release") -> dict[str, JSON]:
    """A valid plan of ``components`` full components, released in up to four batches."""
    return {
        "name": name,
        "desc": f"Release of {components} services in batches.",
        "fail_strategy": "stop",
        "components": [full_component(i) for i in range(components)],
    }


def sample_path(name: str) -> Path:
    """The path of a shipped sample file, such as ``small.json``."""
    return Path(str(resources.files(__name__).joinpath(name)))
