"""What runs in a container: commands, hooks, probes, env, logs, security (Tables 13, 14, 20-22, 26, 29, 30, 37, 42)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from tui.models.base import SpecModel, applies_only, error, rule, warning
from tui.models.runtime import Source
from tui.models.storage import Storage
from tui.types import Issue

__all__ = [
    "Capabilities",
    "Command",
    "ConfigEncryption",
    "Container",
    "Env",
    "Lifecycle",
    "LogCollection",
    "Probe",
    "SecurityContext",
    "ValueFrom",
    "check_requests_within_limits",
]

RESOURCE_PAIRS = (("request_cpu", "limit_cpu"), ("request_memory", "limit_memory"))
_HTTP_HOOK_FIELDS = ("scheme", "host", "port", "path")
_HTTP_PROBE_FIELDS = ("scheme", "host", "path")
_NUMBERS = (int, float)


def check_requests_within_limits(obj: Mapping[str, Any]) -> list[Issue]:
    """A request above its limit is a warning: the reference does not forbid it, Kubernetes does."""
    found: list[Issue] = []
    for request_key, limit_key in RESOURCE_PAIRS:
        request, limit = obj.get(request_key), obj.get(limit_key)
        # is_number, inlined and its boolean test last: this runs on every container, and a boolean is rare
        if (
            isinstance(request, _NUMBERS)
            and isinstance(limit, _NUMBERS)
            and request > limit
            and not isinstance(request, bool)
            and not isinstance(limit, bool)
        ):
            found.append(
                warning(
                    (request_key,),
                    "resources.request_above_limit",
                    f"{request_key} {request} is above {limit_key} {limit}",
                )
            )
    return found


class Command(SpecModel):
    """Table 13, command."""

    command: list[str] | None = Field(None, description="Command for controlling container running.")
    args: list[str] | None = Field(
        None,
        description=(
            "Parameter for controlling container running. Example: -port=8080. If there are multiple "
            "parameters, separate them by line breaks."
        ),
    )


class Lifecycle(SpecModel):
    """Table 14, component_lifecycle: a post-start or pre-stop hook.

    The reference marks every field but ``type`` optional and says which type each is valid for. Setting one
    that the type ignores is a warning, as for every field the reference says applies only in some case (see
    :mod:`tui.models.base`); leaving out the port of an http hook or the command of a command hook is a warning
    too, since the hook then does nothing useful. ``port`` is a TCP port, 1 to 65535; the reference gives no
    bound.
    """

    type: Literal["http", "command"] = Field(description="Processing method.\n- http\n- command")
    scheme: Literal["HTTP", "HTTPS"] | None = Field(
        None,
        description=(
            "HTTP request type, which can be HTTP or HTTPS. This parameter is valid only when type is set to http."
        ),
    )
    host: str | None = Field(
        None,
        description=(
            "Custom IP address. If this parameter is left blank, the pod IP address is used. This "
            "parameter is valid only when type is set to http."
        ),
    )
    port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="Port number. This parameter is valid only when type is set to http.",
    )
    path: str | None = Field(
        None,
        description="Request path. This parameter is valid only when type is set to http.",
    )
    command: list[str] | None = Field(
        None,
        description="Command list. This parameter is valid only when type is set to command.",
    )

    @rule
    @staticmethod
    def fields_fit_type(obj: Mapping[str, Any]) -> list[Issue]:
        """scheme, host, port and path are for http hooks; command is for command hooks."""
        found: list[Issue] = []
        kind = obj.get("type")
        if kind == "http":
            if "command" in obj:
                found += applies_only(obj, ("command",), "type is command", "type is http", "lifecycle.applies")
            if obj.get("port") is None:
                found.append(warning(("port",), "lifecycle.incomplete", "an http hook without a port calls nothing"))
        elif kind == "command":
            if not obj.keys().isdisjoint(_HTTP_HOOK_FIELDS):  # a cheap test first: most hooks set none of them
                found += applies_only(obj, _HTTP_HOOK_FIELDS, "type is http", "type is command", "lifecycle.applies")
            if not obj.get("command"):
                found.append(
                    warning(("command",), "lifecycle.incomplete", "a command hook without a command runs nothing")
                )
        return found


class Capabilities(SpecModel):
    """Table 21, capabilities."""

    add: list[str] | None = Field(None, description="Grant the Linux permission to the running user.")
    drop: list[str] | None = Field(None, description="Remove the Linux permission of the running user.")


class SecurityContext(SpecModel):
    """Table 20, security_context.

    ``run_as_user`` and ``run_as_group`` are 0 or more, as Linux user and group ids are; the reference gives
    no bound.
    """

    run_as_user: int | None = Field(
        None,
        ge=0,
        description=("User for running containers. Example: To run containers as user root, set the user ID to 0."),
    )
    run_as_group: int | None = Field(
        None,
        ge=0,
        description="Owner group specified for running container processes.",
    )
    capabilities: Capabilities | None = Field(None, description="Capability set. See Table 21.")


class LogCollection(SpecModel):
    """Table 22, logs."""

    log_path: str = Field(description="Container log path.")
    rotate: str = Field(description="Interval for dumping logs.")
    host_path: str = Field(description="Mounted host path.")
    host_extend_path: Literal["None", "PodUID", "PodName", "PodUID/ContainerName", "PodName/ContainerName"] = Field(
        description=(
            "Host extension path. By extending the host path, you can distinguish mounting from "
            "different containers in the same host path.\n- None: The extended path is not used.\n- "
            "PodUID: extend the host path based on the pod ID.\n- PodName: extend the host path based on"
            " the pod name.\n- PodUID/ContainerName: extend the host path based on the pod ID and "
            "container name.\n- PodName/ContainerName: extend the host path based on the pod name and "
            "container name."
        ),
    )


class Probe(SpecModel):
    """Table 26, component_probe: a liveness, readiness or startup probe.

    As with hooks: a field the probe's type ignores is a warning (see :mod:`tui.models.base`), and so is an
    http or tcp probe without a port, or a command probe without a command. Bounds the reference does not give,
    as Kubernetes sets them: ``delay`` is 0 or more seconds, ``timeout`` 1 or more, and ``port`` a TCP port from
    1 to 65535.
    """

    type: Literal["http", "tcp", "command"] = Field(description="Type. Value: http, tcp, or command.")
    delay: int = Field(ge=0, description="Interval between the startup and detection.")
    timeout: int = Field(ge=1, description="Detection timeout interval.")
    scheme: Literal["HTTP", "HTTPS"] | None = Field(
        None,
        description=("Request type. Value: HTTP or HTTPS. This parameter is valid only when type is set to http."),
    )
    host: str | None = Field(
        None,
        description=(
            "Custom IP address. If this parameter is left blank, the pod IP address is used. This "
            "parameter is valid only when type is set to http."
        ),
    )
    port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="Port number. This parameter is valid only when type is set to http or tcp.",
    )
    path: str | None = Field(
        None,
        description="Request path. This parameter is valid only when type is set to http.",
    )
    command: list[str] | None = Field(
        None,
        description="Command list. This parameter is valid only when type is set to command.",
    )

    @rule
    @staticmethod
    def fields_fit_type(obj: Mapping[str, Any]) -> list[Issue]:
        """scheme, host and path are for http; port for http and tcp; command for command probes."""
        # A cheap test of the keys comes before each applies_only: most probes set only what applies.
        found: list[Issue] = []
        kind = obj.get("type")
        if kind == "http" or kind == "tcp":
            if kind == "tcp" and not obj.keys().isdisjoint(_HTTP_PROBE_FIELDS):
                found += applies_only(obj, _HTTP_PROBE_FIELDS, "type is http", "type is tcp", "probe.applies")
            if "command" in obj:
                found += applies_only(obj, ("command",), "type is command", f"type is {kind}", "probe.applies")
            if obj.get("port") is None:
                found.append(warning(("port",), "probe.incomplete", f"a {kind} probe without a port checks nothing"))
        elif kind == "command":
            if not obj.keys().isdisjoint(_HTTP_PROBE_FIELDS):
                found += applies_only(obj, _HTTP_PROBE_FIELDS, "type is http", "type is command", "probe.applies")
            if "port" in obj:
                found += applies_only(obj, ("port",), "type is http or tcp", "type is command", "probe.applies")
            if not obj.get("command"):
                found.append(
                    warning(("command",), "probe.incomplete", "a command probe without a command checks nothing")
                )
        return found


class ValueFrom(SpecModel):
    """Table 30, value_from."""

    reference_type: Literal["configMapKey", "secretKey"] = Field(
        description="Reference type.\n- configMapKey\n- secretKey",
    )
    name: str = Field(description="Name of the configuration item or secret.")
    key: str | None = Field(None, description="Key of the configuration item or secret.")
    optional: bool | None = Field(
        None,
        description="Whether the key of the configuration item or secret is mandatory.",
    )


class Env(SpecModel):
    """Table 29, envs.

    ``name`` must not be empty: no process can read a variable without a name.
    """

    name: str = Field(min_length=1, description="Variable name.")
    value: str | None = Field(None, description="Variable value.")
    value_from: ValueFrom | None = Field(None, description="Variable reference. See Table 30.")


class ConfigEncryption(SpecModel):
    """Table 42, config_encryption."""

    key_id: str = Field(description="User key ID in DEW.")


class Container(SpecModel):
    """Table 37, multi_containers: one more container of a multi-container component.

    "In multi-container mode, only images are supported": a container's ``source.kind`` other than ``image``
    is an error. As for a component, CPU and memory values (``limit_cpu``, ``limit_memory``, ``request_cpu``,
    ``request_memory``) are numbers above 0, and a request above its limit is a warning.
    """

    container_name: str = Field(description="Container name.")
    source: Source = Field(
        description=(
            "Source of the code or software package. See Table 32. In multi-container mode, only images are supported."
        ),
    )
    limit_cpu: float | None = Field(None, gt=0, description="Maximum CPU limit. Unit: core.")
    limit_memory: float | None = Field(None, gt=0, description="Maximum memory size. Unit: GiB.")
    request_cpu: float | None = Field(None, gt=0, description="Requested CPU resources. Unit: core.")
    request_memory: float | None = Field(None, gt=0, description="Requested memory. Unit: GiB.")
    envs: list[Env] | None = Field(None, description="Environment variable list. See Table 29.")
    liveness_probe: Probe | None = Field(None, description="Container liveness probe. See Table 26.")
    readiness_probe: Probe | None = Field(None, description="Container service probe. See Table 26.")
    startup_probe: Probe | None = Field(None, description="Container startup probe. See Table 26.")
    command: Command | None = Field(None, description="Startup command. See Table 13.")
    post_start: Lifecycle | None = Field(None, description="Post-start processing. See Table 14.")
    pre_stop: Lifecycle | None = Field(None, description="Pre-stop processing. See Table 14.")
    logs: list[LogCollection] | None = Field(None, description="Log collection. See Table 22.")
    storages: list[Storage] | None = Field(None, description="Storage. See Table 6.")
    security_context: SecurityContext | None = Field(None, description="Security policy. See Table 20.")
    config_encryption: ConfigEncryption | None = Field(
        None,
        description=(
            "This parameter is mandatory when the encryption key is configured for a multi-container "
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
    def image_source_only(obj: Mapping[str, Any]) -> list[Issue]:
        """Extra containers run images only."""
        source = obj.get("source")
        kind = source.get("kind") if isinstance(source, dict) else None
        if kind in ("code", "package"):
            return [
                error(
                    ("source", "kind"),
                    "multi_containers.image_only",
                    f"a container of a multi-container component runs an image; kind must be image, not {kind}",
                )
            ]
        return []
