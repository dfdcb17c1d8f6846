"""Storages and mounts, and the resources a component is bound to (Tables 6 to 8, 27, 28)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field

from tui.models.base import SpecModel, applies_only, error, required_when, rule
from tui.types import Issue

__all__ = [
    "CLASS_BY_VOLUME_TYPE",
    "Mount",
    "ReferResource",
    "ReferResourceParameters",
    "Storage",
    "StorageParameters",
]

STORAGE_TYPES = ("HostPath", "EmptyDir", "ConfigMap", "Secret", "PersistentVolumeClaim")
NAMED_STORAGE_TYPES = ("ConfigMap", "Secret", "PersistentVolumeClaim")
"""The storage types whose parameters name the configuration item, secret or claim to mount."""

PARAMETERS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "path": ("HostPath",),
    "name": NAMED_STORAGE_TYPES,
    "default_mode": ("ConfigMap", "Secret"),
    "medium": ("EmptyDir",),
}
"""The storage types each parameter of Table 7 is "applicable to"."""

_NOT_APPLICABLE = {
    kind: tuple(
        (key, f"the storage type is {' or '.join(types)}")
        for key, types in PARAMETERS_BY_TYPE.items()
        if kind not in types
    )
    for kind in STORAGE_TYPES
}
"""For each storage type, the parameters that do not apply to it, with the types they apply to in words."""
_NOT_APPLICABLE_KEYS = {kind: frozenset(key for key, _ in pairs) for kind, pairs in _NOT_APPLICABLE.items()}
_NEEDED = {"HostPath": "path", **dict.fromkeys(NAMED_STORAGE_TYPES, "name")}
"""For each storage type, the parameter it needs, if any."""

CLASS_BY_VOLUME_TYPE = {"efs": "csi-sfsturbo", "obs": "csi-obs", "sfs": "csi-nas", "evs": "csi-disk"}
"""The volume subtype (``class``) that each volume type (``type``) fixes, as Table 28 lists them."""


class StorageParameters(SpecModel):
    """Table 7, component_storage_parameters: what a storage of each type needs.

    Which of these a storage needs depends on its type, so the rules live on :class:`Storage`: ``path`` is
    required for HostPath and ``name`` for ConfigMap, Secret and PersistentVolumeClaim; each of the four set for
    a type it is not "applicable to" is a warning (see :mod:`tui.models.base`). ``default_mode`` is bounded to
    0-511 (octal 0777), the range Kubernetes accepts for a file mode.
    """

    path: str | None = Field(
        None,
        description=(
            "Host path. This parameter is applicable to the HostPath storage type. This parameter is "
            "mandatory when type is set to HostPath."
        ),
    )
    name: str | None = Field(
        None,
        description=(
            "Name of a configuration item, secret, or PVC, which is applicable to ConfigMap, Secret, or"
            " PersistentVolumeClaim storage, respectively. This parameter is mandatory when type is set"
            " to ConfigMap, Secret, or PersistentVolumeClaim."
        ),
    )
    default_mode: int | None = Field(
        None,
        ge=0,
        le=511,
        description=(
            "Mounting permission. The value is in decimal format. Example: 384. This parameter is "
            "applicable to ConfigMap and secret storage."
        ),
    )
    medium: str | None = Field(
        None,
        description=(
            "This parameter is applicable to EmptyDir storage. If it is not specified, the default disk"
            " medium is used. If it is set to memory, memory storage is enabled."
        ),
    )


class Mount(SpecModel):
    """Table 8, mounts."""

    path: str = Field(description="Mount path.")
    sub_path: str = Field(description="Subpath of the mount path.")
    read_only: bool = Field(description="Read only or not.")


class Storage(SpecModel):
    """Table 6, storages: a volume and where it is mounted."""

    type: Literal["HostPath", "EmptyDir", "ConfigMap", "Secret", "PersistentVolumeClaim"] = Field(
        description=(
            "Data storage type.\n- HostPath: host path for local disk mounting.\n- EmptyDir: temporary "
            "directory for local disk mounting.\n- ConfigMap: configuration item for local disk "
            "mounting.\n- Secret: secret for local disk mounting.\n- PersistentVolumeClaim: cloud storage"
            " mounting."
        ),
    )
    name: str = Field(description="Name of the storage disk.")
    parameters: StorageParameters = Field(
        description="For details about the parameters of each data storage type, see Table 7.",
    )
    mounts: list[Mount] = Field(description="Mount path of data storage. See Table 8.")

    @rule
    @staticmethod
    def parameters_fit_type(obj: Mapping[str, Any]) -> list[Issue]:
        """path for HostPath; name for ConfigMap, Secret and PVC; each parameter only where it applies."""
        kind, parameters = obj.get("type"), obj.get("parameters")
        if not isinstance(kind, str) or kind not in _NOT_APPLICABLE or not isinstance(parameters, dict):
            return []
        needed = _NEEDED.get(kind)
        if parameters.keys().isdisjoint(_NOT_APPLICABLE_KEYS[kind]) and (
            needed is None or parameters.get(needed) is not None
        ):
            return []  # the usual storage, found so with one test of its keys
        found: list[Issue] = []
        for key, when in _NOT_APPLICABLE[kind]:
            if parameters.get(key) is not None:  # the words are written only for a parameter that is there
                found += applies_only(parameters, (key,), when, f"the storage type is {kind}", "storage.applies")
        if needed is not None and parameters.get(needed) is None:
            found += required_when(parameters, (needed,), f"type is {kind}", "storage.parameters")
        return [finding._replace(path=("parameters", *finding.path)) for finding in found]


class ReferResourceParameters(SpecModel):
    """Table 28, refer_resource_parameter: the claim of a bound storage resource.

    ``class`` is "fixed" by ``type``. Left out, the server fills it in; given, it must be the one ``type``
    fixes. The wire name ``class`` is a Python keyword, so the attribute is ``class_``. ``capacity`` is 1 GiB
    or more; the reference gives no bound, and a volume of nothing holds nothing.
    """

    namespace: str | None = Field(None, description="Namespace.")
    name: str | None = Field(None, description="Resource name.")
    capacity: int | None = Field(None, ge=1, description="Storage capacity, in GiB.")
    type: Literal["efs", "obs", "sfs", "evs"] | None = Field(
        None,
        description="Volume declaration type.\n- efs\n- obs\n- sfs\n- evs",
    )
    class_: Literal["csi-sfsturbo", "csi-obs", "csi-nas", "csi-disk"] | None = Field(
        None,
        alias="class",
        description=(
            "Volume declaration subtype.\n- csi-sfsturbo: fixed when type is set to efs.\n- csi-obs: "
            "fixed when type is set to obs.\n- csi-nas: fixed when type is set to sfs.\n- csi-disk: fixed"
            " when type is set to evs."
        ),
    )
    obs_volume_type: str | None = Field(None, description="OBS volume type. Default value: STANDARD.")
    access_mode: Literal["ReadWriteOnce", "ReadWriteMany"] | None = Field(
        None,
        description=(
            "Storage volume access mode.\n- ReadWriteOnce: A volume can be mounted as read-write by a "
            "single node.\n- ReadWriteMany: A volume can be mounted as read-write by many nodes."
        ),
    )
    availableZone: str | None = Field(None, description="AZ.")
    volume_type: str | None = Field(None, description="Volume type.")

    @rule
    @staticmethod
    def class_fits_type(obj: Mapping[str, Any]) -> list[Issue]:
        """efs -> csi-sfsturbo, obs -> csi-obs, sfs -> csi-nas, evs -> csi-disk."""
        kind, klass = obj.get("type"), obj.get("class")
        expected = CLASS_BY_VOLUME_TYPE.get(kind) if isinstance(kind, str) else None
        if expected is not None and isinstance(klass, str) and klass != expected:
            return [
                error(
                    ("class",),
                    "refer_resource.class",
                    f"class must be {expected} when type is {kind}, not {klass}",
                )
            ]
        return []


class ReferResource(SpecModel):
    """Table 27, refer_resources: a cloud resource the component is bound to."""

    id: str = Field(description="Resource ID.")
    type: Literal[
        "vpc",
        "eip",
        "elb",
        "cce",
        "ecs",
        "dcs",
        "rds",
        "cse",
        "nacos",
        "customServer",
        "pvc",
        "gaussdb",
        "dms_rocketmq",
        "css_es",
    ] = Field(
        description=(
            "Resource type.\n- vpc\n- eip\n- elb\n- cce\n- ecs\n- dcs\n- rds\n- cse: ServiceComb engine.\n- "
            "nacos: registry/configuration center.\n- customServer\n- pvc\n- gaussdb\n- dms_rocketmq\n- "
            "css_es: Elasticsearch"
        ),
    )
    parameters: ReferResourceParameters | None = Field(None, description="Resource parameters. See Table 28.")
