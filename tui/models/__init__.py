"""Pydantic models of the release-plan edit body, one per table of the API reference (Tables 3 to 42).

Field names are the API's wire names, typos included (``conifg_id``, ``sermantAgentInjectActionFlag``); each
field's description is the reference's. The models judge a plan and never rewrite it: see
:mod:`tui.validation` for how they are run.
"""

from tui.models.base import SpecModel, rules_of
from tui.models.component import AutoLtsConfig, Component, ConfigRef, CustomMetric, Label, Mesher, TomcatOpts
from tui.models.container import (
    Capabilities,
    Command,
    ConfigEncryption,
    Container,
    Env,
    Lifecycle,
    LogCollection,
    Probe,
    SecurityContext,
    ValueFrom,
)
from tui.models.deploy import DeployStrategy, GrayRelease, GrayRule, RollingRelease, UpdateStrategy
from tui.models.network import DnsConfig, DnsOption, ExternalAccess, HostAlias, Port
from tui.models.plan import MAX_COMPONENTS, READ_ONLY_KEYS, ReleasePlan
from tui.models.runtime import Build, BuildParameters, RuntimeStack, Source
from tui.models.scheduling import Affinity, MatchExpression, Toleration
from tui.models.storage import Mount, ReferResource, ReferResourceParameters, Storage, StorageParameters

TABLES: dict[int, type[SpecModel]] = {
    3: ReleasePlan,
    4: Component,
    5: Label,
    6: Storage,
    7: StorageParameters,
    8: Mount,
    9: DeployStrategy,
    10: RollingRelease,
    11: GrayRelease,
    12: GrayRule,
    13: Command,
    14: Lifecycle,
    15: Mesher,
    16: TomcatOpts,
    17: HostAlias,
    18: DnsConfig,
    19: DnsOption,
    20: SecurityContext,
    21: Capabilities,
    22: LogCollection,
    23: CustomMetric,
    24: Affinity,
    25: MatchExpression,
    26: Probe,
    27: ReferResource,
    28: ReferResourceParameters,
    29: Env,
    30: ValueFrom,
    31: RuntimeStack,
    32: Source,
    33: Build,
    34: BuildParameters,
    35: ExternalAccess,
    36: Toleration,
    37: Container,
    38: Port,
    39: UpdateStrategy,
    40: ConfigRef,
    41: AutoLtsConfig,
    42: ConfigEncryption,
}
"""Every model, by the number of the reference's table it encodes."""

__all__ = [
    "MAX_COMPONENTS",
    "READ_ONLY_KEYS",
    "TABLES",
    "Affinity",
    "AutoLtsConfig",
    "Build",
    "BuildParameters",
    "Capabilities",
    "Command",
    "Component",
    "ConfigEncryption",
    "ConfigRef",
    "Container",
    "CustomMetric",
    "DeployStrategy",
    "DnsConfig",
    "DnsOption",
    "Env",
    "ExternalAccess",
    "GrayRelease",
    "GrayRule",
    "HostAlias",
    "Label",
    "Lifecycle",
    "LogCollection",
    "MatchExpression",
    "Mesher",
    "Mount",
    "Port",
    "Probe",
    "ReferResource",
    "ReferResourceParameters",
    "ReleasePlan",
    "RollingRelease",
    "RuntimeStack",
    "SecurityContext",
    "Source",
    "SpecModel",
    "Storage",
    "StorageParameters",
    "Toleration",
    "TomcatOpts",
    "UpdateStrategy",
    "ValueFrom",
    "rules_of",
]
