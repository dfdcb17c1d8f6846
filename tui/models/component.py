"""The component (Table 4) and its smaller parts (Tables 5, 15, 16, 23, 40, 41)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from tui.models.base import Pattern, SpecModel, absent, applies_only, error, rule
from tui.models.container import (
    Command,
    ConfigEncryption,
    Container,
    Env,
    Lifecycle,
    LogCollection,
    Probe,
    SecurityContext,
    check_requests_within_limits,
)
from tui.models.deploy import DeployStrategy, UpdateStrategy
from tui.models.network import DnsConfig, ExternalAccess, HostAlias, Port
from tui.models.runtime import STACK_TYPES, Build, RuntimeStack, Source
from tui.models.scheduling import Affinity, Toleration
from tui.models.storage import ReferResource, Storage
from tui.types import Issue

__all__ = [
    "AutoLtsConfig",
    "Component",
    "ConfigRef",
    "CustomMetric",
    "Label",
    "Mesher",
    "TomcatOpts",
]

COMPONENT_NAME = Pattern(
    "2 to 64 letters, digits, hyphens and underscores, starting with a letter and ending with a letter or digit"
)
VERSION = Pattern("3 or 4 whole numbers separated by dots, like 1.0.0 or 1.0.0.1")


class Label(SpecModel):
    """Table 5, labels.

    ``key`` must not be empty: the reference requires it, and a label with no name can neither select a workload
    nor name a microservice. ``value`` is required too, but may be empty, as a label's value may be.
    """

    key: str = Field(min_length=1, description="Label name.")
    value: str = Field(description="Label value.")


class Mesher(SpecModel):
    """Table 15, mesher.

    ``port`` is a TCP port, 1 to 65535; the reference gives no bound.
    """

    port: int = Field(ge=1, le=65535, description="Process listening port.")


class TomcatOpts(SpecModel):
    """Table 16, tomcat_opt."""

    server_xml: str = Field(
        description=(
            "1. Listening port in the server.xml file will take effect even if it has been configured "
            "in public network access.\n2. The custom Tomcat configuration may conflict with the "
            "existing port. Check whether the custom port is occupied."
        ),
    )


class CustomMetric(SpecModel):
    """Table 23, custom_metric.

    ``port`` is a TCP port, 1 to 65535; the reference gives no bound.
    """

    path: str = Field(description="Collection path. Example: /metrics.")
    port: int = Field(ge=1, le=65535, description="Collection port. Example: 9090.")
    dimensions: str = Field(description="Monitoring dimension. Example: cpu_usage,mem_usage.")


class ConfigRef(SpecModel):
    """Table 40, configs."""

    conifg_id: str = Field(description="Unified configuration ID.")
    mount_path: str = Field(description="Mount path.")


class AutoLtsConfig(SpecModel):
    """Table 41, auto_lts_config."""

    enable: bool = Field(description="Whether to enable automatic LTS configuration.")
    lts_log_path: list[str] | None = Field(None, description="Access configuration log path.")


class Component(SpecModel):
    """Table 4, components: one application component of the release.

    Readings of the reference, each tested:

    - ``seq`` (the release batch) is 1 or more and ``replica`` 0 or more; the reference gives no bounds.
    - ``component_id`` and ``environment_id`` must not be empty: the reference requires them, and an empty id
      names nothing.
    - ``version`` follows the printed ``^([0-9]+)(.[0-9]+){2,3}$`` with the dot taken literally, which is its
      evident intent: ``1.0.0`` passes, ``1x0x0`` does not.
    - CPU and memory values (``limit_cpu``, ``limit_memory``, ``request_cpu``, ``request_memory``) are numbers
      above 0; a request above its limit is a warning.
    - ``refer_resources`` is marked mandatory, so it must be present, though it may be empty.
    - ``build`` is required when the stack deploys to containers and the source is not an image; when
      ``build`` is required its ``parameters`` must name the ``cluster_id``.
    - ``mesher`` is required when the stack is Nodejs and a ServiceComb engine (refer resource ``cse``) is bound.
    - ``tomcat_opts`` on a stack other than Tomcat is a warning: the reference says it is valid there, and a
      field set where it does not apply is a warning (see :mod:`tui.models.base`).
    - ``update_strategy.max_unavailable`` and ``max_surge`` can be set only for a Deployment, so for a
      StatefulSet or a DaemonSet they are warnings too; a component without ``workload_kind`` deploys as a
      Deployment, so they apply then.
    """

    seq: int = Field(ge=1, description="Release batch.")
    component_id: str = Field(min_length=1, description="Application component ID.")
    name: Annotated[str, COMPONENT_NAME] = Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,62}[A-Za-z0-9]$",
        description=(
            "Application component name. The value contains 2 to 64 characters consisting of letters, "
            "digits, hyphens (-), and underscores (_). It starts with a letter and ends with a letter "
            "or digit."
        ),
    )
    workload_name: str | None = Field(None, description="Workload name.")
    labels: list[Label] | None = Field(
        None,
        description=(
            "Label. For container-based deployment, you can query a workload by label. For VM-based "
            "deployment, you can configure a label of the corresponding microservice name to use "
            "graceful startup and shutdown. See Table 5."
        ),
    )
    create_mode: str | None = Field(
        None,
        description=(
            "Component creation mode. This parameter is not transferred by default, indicating to "
            "create and deploy a component."
        ),
    )
    runtime_stack: RuntimeStack = Field(
        description=(
            "Runtime. See Table 31. The value can be obtained from the response of the API for Querying"
            " a Technology Stack."
        ),
    )
    environment_id: str = Field(min_length=1, description="Environment ID.")
    description: str | None = Field(
        None,
        max_length=128,
        description="Description. The value can contain up to 128 characters.",
    )
    source: Source = Field(description="Source of the code or software package. See Table 32.")
    build: Build | None = Field(
        None,
        description=(
            "Component building. This parameter is mandatory when the component is deployed in "
            "containers and no image is used. For details, see Table 33."
        ),
    )
    limit_cpu: float | None = Field(None, gt=0, description="Maximum CPU limit. Unit: core.")
    limit_memory: float | None = Field(None, gt=0, description="Maximum memory size. Unit: GiB.")
    request_cpu: float | None = Field(None, gt=0, description="Requested CPU resources. Unit: core.")
    request_memory: float | None = Field(None, gt=0, description="Requested memory. Unit: GiB.")
    version: Annotated[str, VERSION] = Field(
        max_length=32,
        pattern=r"^([0-9]+)(\.[0-9]+){2,3}$",
        description=(
            "Component version number. The value can contain up to 32 characters. It needs to meet the "
            "following rule: ^([0-9]+)(.[0-9]+){2,3}$"
        ),
    )
    envs: list[Env] | None = Field(None, description="Environment variable list. See Table 29.")
    replica: int = Field(ge=0, description="Number of instances.")
    storages: list[Storage] | None = Field(None, description="Storage. See Table 6.")
    deploy_strategy: DeployStrategy | None = Field(None, description="Component deployment. See Table 9.")
    command: Command | None = Field(None, description="Startup command. See Table 13.")
    post_start: Lifecycle | None = Field(None, description="Post-start processing. See Table 14.")
    pre_stop: Lifecycle | None = Field(None, description="Pre-stop processing. See Table 14.")
    mesher: Mesher | None = Field(
        None,
        description=(
            "Multi-language access service mesh. This parameter is mandatory when Node.js is selected "
            "for the technology stack and the microservice engine is bound. See Table 15."
        ),
    )
    timezone: str | None = Field(None, description="Time zone where the component runs.")
    jvm_opts: str | None = Field(
        None,
        description=(
            "JVM parameter. Example: -Xms256m -Xmx1024m. If there are multiple parameters, separate "
            "them by spaces. If the parameter is left blank, the default value is used."
        ),
    )
    tomcat_opts: TomcatOpts | None = Field(
        None,
        description=(
            "Tomcat parameter. This parameter is valid when you use the Tomcat technology stack. See Table 16."
        ),
    )
    host_aliases: list[HostAlias] | None = Field(None, description="Host alias. See Table 17.")
    dns_policy: Literal["Default", "ClusterFirst", "ClusterFirstWithHostNet", "None"] | None = Field(
        None,
        description=(
            "DNS policy.\n- Default: inherits the domain name resolution configuration of the node where"
            " the pod is located.\n- ClusterFirst: adds the domain name resolution configuration.\n- "
            "ClusterFirstWithHostNet: takes effect only for pods running in hostNetWork mode.\n- None: "
            "replaces the domain name resolution policy."
        ),
    )
    dns_config: DnsConfig | None = Field(None, description="DNS configuration. See Table 18.")
    workload_kind: Literal["deployment", "statefulset", "daemonset"] | None = Field(
        None,
        description="Workload type.\n- deployment\n- statefulset\n- daemonset",
    )
    security_context: SecurityContext | None = Field(None, description="Security policy. See Table 20.")
    logs: list[LogCollection] | None = Field(None, description="Log collection. See Table 22.")
    custom_metric: CustomMetric | None = Field(None, description="Custom metrics. See Table 23.")
    affinity: list[Affinity] | None = Field(None, description="Affinity. See Table 24.")
    anti_affinity: list[Affinity] | None = Field(None, description="Anti-affinity. See Table 24.")
    liveness_probe: Probe | None = Field(None, description="Component liveness probe. See Table 26.")
    readiness_probe: Probe | None = Field(None, description="Component service probe. See Table 26.")
    startup_probe: Probe | None = Field(None, description="Component startup probe. See Table 26.")
    refer_resources: list[ReferResource] = Field(description="Associated resource. See Table 27.")
    external_accesses: list[ExternalAccess] | None = Field(None, description="External access. See Table 35.")
    tolerations: list[Toleration] | None = Field(None, description="Tolerance policy. See Table 36.")
    container_name: str | None = Field(None, description="Container name.")
    update_strategy: UpdateStrategy | None = Field(
        None,
        description="Component upgrade strategy. See Table 39.",
    )
    multi_containers: list[Container] | None = Field(
        None,
        description="Multi-container configuration. See Table 37.",
    )
    service_name: str | None = Field(
        None,
        description="Service name configured for the inter-instance discovery of a StatefulSet.",
    )
    ports: list[Port] | None = Field(
        None,
        description="Port configured for the inter-instance discovery of a StatefulSet.",
    )
    workload_content: str | None = Field(None, description="Workload content.")
    configs: list[ConfigRef] | None = Field(
        None,
        description="Unified component configuration. See Table 40.",
    )
    enable_sermant_injection: bool | None = Field(None, description="Whether to enable Sermant.")
    enable_sermant_spring_register: bool | None = Field(
        None,
        description=(
            "Whether Spring Cloud Huawei microservices need to be registered with registry centers through Sermant."
        ),
    )
    enable_sermant_dubbo_register: bool | None = Field(
        None,
        description="Whether Dubbo microservices need to be registered with registry centers through Sermant.",
    )
    enable_sermant_config: bool | None = Field(
        None,
        description="Whether to enable the Sermant dynamic configuration plug-in.",
    )
    cell_id: str | None = Field(None, description="Deployment cell ID.")
    swimlane_id: str | None = Field(None, description="Lane ID.")
    sermantAgentInjectActionFlag: bool | None = Field(
        None,
        description=(
            "Whether JDK 17 and JDK 21 automatically add the following JVM environment variables:\nJDK "
            "17:\n--add-opens java.base/java.lang=ALL-UNNAMED\n--add-opens java.base/java.net=ALL-UNNAMED"
            "\n--add-opens java.base/java.math=ALL-UNNAMED\n--add-opens java.base/sun.net.www=ALL-UNNAMED"
            "\n--add-opens java.base/sun.net.www.protocol.http=ALL-UNNAMED\nJDK 21:\n--add-opens "
            "java.base/java.lang=ALL-UNNAMED\n--add-opens java.base/java.net=ALL-UNNAMED\n--add-opens "
            "java.base/java.math=ALL-UNNAMED\n--add-opens java.base/sun.net.www=ALL-UNNAMED\n--add-opens "
            "java.base/sun.net.www.protocol.http=ALL-UNNAMED\n-Dnet.bytebuddy.experimental=true"
        ),
    )
    sys_config: dict[str, str] | None = Field(
        None,
        description="Uses a compressed package to deploy component configuration items in the VM environment.",
    )
    image_pull_secrets: list[str] | None = Field(None, description="List of image pull secrets.")
    auto_lts_config: AutoLtsConfig | None = Field(
        None,
        description="Automatic LTS configuration. See Table 41.",
    )
    config_encryption: ConfigEncryption | None = Field(
        None,
        description=(
            "This parameter is mandatory when the encryption key is configured for a single-container "
            "component. See Table 42."
        ),
    )

    @rule
    @staticmethod
    def requests_within_limits(obj: Mapping[str, Any]) -> list[Issue]:
        """A request above its limit is a warning."""
        return check_requests_within_limits(obj)

    @rule
    @staticmethod
    def build_needed(obj: Mapping[str, Any]) -> list[Issue]:
        """A container component built from code or a package needs build parameters with a cluster."""
        mode = _get(obj, "runtime_stack", "deploy_mode")
        kind = _get(obj, "source", "kind")
        if mode != "container" or kind not in ("code", "package"):
            return []
        when = f"the component deploys to containers from a {kind} source"
        build = obj.get("build")
        if build is None:
            return [error(("build",), "component.build", f"{absent(obj, 'build')} when {when}")]
        if isinstance(build, dict) and build.get("parameters") is None:
            return [
                error(
                    ("build", "parameters"),
                    "component.build",
                    f"build.parameters with a cluster_id is required when {when}",
                )
            ]
        return []

    @rule
    @staticmethod
    def mesher_needed(obj: Mapping[str, Any]) -> list[Issue]:
        """A Nodejs component bound to a ServiceComb engine (cse) needs mesher."""
        if _get(obj, "runtime_stack", "type") != "Nodejs" or obj.get("mesher") is not None:
            return []
        resources = obj.get("refer_resources")
        if isinstance(resources, list) and any(isinstance(r, dict) and r.get("type") == "cse" for r in resources):
            needed = f"{absent(obj, 'mesher')} for a Nodejs stack bound to a cse engine"
            return [error(("mesher",), "component.mesher", needed)]
        return []

    @rule
    @staticmethod
    def tomcat_opts_need_tomcat(obj: Mapping[str, Any]) -> list[Issue]:
        """tomcat_opts only take effect on the Tomcat stack."""
        stack = _get(obj, "runtime_stack", "type")
        if isinstance(stack, str) and stack in STACK_TYPES and stack != "Tomcat":
            when, here = "runtime_stack.type is Tomcat", f"runtime_stack.type is {stack}"
            return [*applies_only(obj, ("tomcat_opts",), when, here, "component.tomcat_opts")]
        return []

    @rule
    @staticmethod
    def surge_needs_deployment(obj: Mapping[str, Any]) -> list[Issue]:
        """max_unavailable and max_surge apply only to a Deployment (the default workload kind)."""
        workload = obj.get("workload_kind")
        strategy = obj.get("update_strategy")
        if workload not in ("statefulset", "daemonset") or not isinstance(strategy, dict):
            return []
        here = f"workload_kind is {workload}"
        found = applies_only(
            strategy, ("max_unavailable", "max_surge"), "workload_kind is deployment", here, "update_strategy.applies"
        )
        return [issue._replace(path=("update_strategy", *issue.path)) for issue in found]


def _get(obj: Mapping[str, Any], key: str, inner: str) -> Any:
    """``obj[key][inner]`` when both are there and ``obj[key]`` is an object, else None."""
    value = obj.get(key)
    return value.get(inner) if isinstance(value, dict) else None
