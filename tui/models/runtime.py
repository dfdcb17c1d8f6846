"""Runtime stack, source and build of a component (Tables 31 to 34)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field

from tui.models.base import SECRET, Pattern, SpecModel, error, required_when, rule
from tui.types import Issue

__all__ = ["HTTP_FIELDS", "STACKS_BY_DEPLOY_MODE", "Build", "BuildParameters", "RuntimeStack", "Source"]

STACK_TYPES = ("Java", "Tomcat", "Nodejs", "Php", "Docker", "Python")
STACKS_BY_DEPLOY_MODE: dict[str, tuple[str, ...]] = {
    "virtualmachine": ("Java", "Tomcat", "Nodejs"),
    "container": ("Java", "Tomcat", "Nodejs", "Php", "Docker"),
}
"""The stack types each deployment mode supports, as Table 31 lists them."""

HTTP_FIELDS = ("http_username", "http_password", "http_command", "http_headers")
"""The source fields a package fetched over http needs."""

COMMIT_ID = Pattern("8 to 40 characters, starting with a lowercase letter or digit")


class RuntimeStack(SpecModel):
    """Table 31, runtime_stack: the technology stack a component runs on.

    The reference lists ``Python`` among the types, yet names it under neither deployment mode. It stays a
    valid value of the field (the enumeration is the reference's), but with either mode it breaks the rule
    that ties the stack to the mode, as any other unsupported stack does: an error naming the stacks the mode
    supports. Should ServiceStage accept it after all, "send anyway" lets the server decide.
    """

    name: str = Field(description="Technology stack name.")
    type: Literal["Java", "Tomcat", "Nodejs", "Php", "Docker", "Python"] = Field(
        description=(
            "Technology stack type. Value: Java, Tomcat, Nodejs, Php, Docker, or Python.\n- For VM-based"
            " deployment, Java, Tomcat, and Nodejs are supported.\n- For container-based deployment, "
            "Java, Tomcat, Nodejs, Php, and Docker are supported."
        ),
    )
    version: str = Field(description="Technology stack version.")
    deploy_mode: Literal["container", "virtualmachine"] = Field(
        description="Deployment mode.\n- container\n- virtualmachine",
    )

    @rule
    @staticmethod
    def type_fits_deploy_mode(obj: Mapping[str, Any]) -> list[Issue]:
        """VM deployment supports Java, Tomcat, Nodejs; container deployment adds Php and Docker."""
        mode, kind = obj.get("deploy_mode"), obj.get("type")
        allowed = STACKS_BY_DEPLOY_MODE.get(mode) if isinstance(mode, str) else None
        if allowed is None or not isinstance(kind, str) or kind in allowed or kind not in STACK_TYPES:
            return []
        names = ", ".join(allowed)
        return [error(("type",), "runtime_stack.type_mode", f"{kind} cannot be deployed as {mode}; use one of {names}")]


class Source(SpecModel):
    """Table 32, source: where the code, package or image comes from.

    ``commit_id`` is checked for what the reference states (8 to 40 characters, the first a lowercase letter or
    digit); the rest of it is not constrained, since the reference says no more.
    """

    kind: Literal["code", "package", "image"] = Field(
        description="Component source kind.\n- code\n- package\n- image",
    )
    version: str | None = Field(None, description="Version number.")
    url: str | None = Field(
        None,
        description="Package address. This parameter is mandatory when kind is set to package or image.",
    )
    storage: Literal["devcloud", "obs", "http", "swr"] | None = Field(
        None,
        description=(
            "Storage mode.\n- devcloud: CodeArts release repository\n- obs\n- http: custom file address\n- "
            "swr This parameter is mandatory when kind is set to package or image."
        ),
    )
    http_username: str | None = Field(
        None,
        description=(
            "Username. This parameter is mandatory when storage is set to http. Username and password "
            "authentication is supported."
        ),
    )
    http_password: Annotated[str, SECRET] | None = Field(
        None,
        description=(
            "Password. This parameter is mandatory when storage is set to http. Username and password "
            "authentication is supported."
        ),
    )
    http_command: str | None = Field(
        None,
        description=(
            "Address of the custom software package. This parameter is mandatory when storage is set to http."
        ),
    )
    http_headers: Annotated[dict[str, str], SECRET] | None = Field(
        None,
        description=(
            "This parameter is mandatory when storage is set to http. You can customize request headers"
            ' as key-value pairs, for example, {"key":"xx","value":"xx""}.'
        ),
    )
    auth: Literal["iam", "none"] | None = Field(
        None,
        description="Authentication mode. Value: iam or none. Default value: iam.",
    )
    repo_auth: str | None = Field(
        None,
        description=(
            "Authorization name, which can be obtained from the authorization list. For details, see "
            "Obtaining a Git Repository Authorization List."
        ),
    )
    repo_namespace: str | None = Field(None, description="Namespace of the code repository.")
    repo_ref: str | None = Field(None, description="Code branch or tag. Default value: master.")
    repo_type: Literal["GitHub", "BitBucket", "GitLab"] | None = Field(
        None,
        description="Code repository type. Value: GitHub, BitBucket, or GitLab.",
    )
    web_url: str | None = Field(
        None,
        description="Code redirection URL. Example: https://github.com/example/demo.git.",
    )
    repo_url: str | None = Field(
        None,
        description="Code repository URL. Example: https://github.com/example/demo.git.",
    )
    commit_id: Annotated[str, COMMIT_ID] | None = Field(
        None,
        min_length=8,
        max_length=40,
        pattern=r"^[a-z0-9]",
        description=(
            "In the code repository, commit ID is the unique identifier of each commit and is used to "
            "identify and reference a commit. The value contains 8 to 40 characters and starts with a "
            "lowercase letter or digit."
        ),
    )

    @rule
    @staticmethod
    def package_location(obj: Mapping[str, Any]) -> list[Issue]:
        """A package or image source names its url and storage."""
        kind = obj.get("kind")
        if (kind == "package" or kind == "image") and (obj.get("url") is None or obj.get("storage") is None):
            return [*required_when(obj, ("url", "storage"), f"kind is {kind}", "source.package_location")]
        return []

    @rule
    @staticmethod
    def http_storage(obj: Mapping[str, Any]) -> list[Issue]:
        """A package fetched over http needs its credentials, command and headers."""
        if obj.get("storage") == "http":
            return [*required_when(obj, HTTP_FIELDS, "storage is http", "source.http_storage")]
        return []


class BuildParameters(SpecModel):
    """Table 34, parameters.

    ``cluster_id`` must not be empty: the reference requires it, and an empty id names no cluster.
    """

    build_cmd: str | None = Field(
        None,
        description=(
            "Compilation command. By default:\n1. When build.sh exists in the root directory, the "
            "command is ./build.sh.\n2. When build.sh does not exist in the root directory, the command "
            "varies depending on the OS. Example:\n- Java and Tomcat: mvn clean package\n- Nodejs: npm "
            "build"
        ),
    )
    dockerfile_path: str | None = Field(
        None,
        description="Address of the Docker file. By default, the Docker file is in the root directory (./).",
    )
    artifact_namespace: str | None = Field(
        None,
        description="Build archive organization. Default value: cas_{project_id}.",
    )
    cluster_id: str = Field(min_length=1, description="ID of the cluster to be built.")
    node_label_selector: dict[str, str] | None = Field(
        None,
        description="key: label key. value: label value.",
    )
    environment_id: str | None = Field(None, description="Environment ID. See Obtaining All Environments.")


class Build(SpecModel):
    """Table 33, build: how a component is built from its source.

    The reference types ``parameters`` as ``Map<String, Object>`` and then describes it as Table 34; it is
    modelled as Table 34, so its ``cluster_id`` is required whenever ``parameters`` is given.
    """

    parameters: BuildParameters | None = Field(
        None,
        description=("This parameter is provided only when no ID is available during build creation. See Table 34."),
    )
