"""Where the plan being edited lives on ServiceStage, so that the editor can send it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from tui.client import ServiceStageClient
    from tui.document import Document

__all__ = ["Target"]


@dataclass(frozen=True)
class Target:
    """A plan on a ServiceStage endpoint: the endpoint, the project, the credentials and the plan's id."""

    endpoint: str
    project_id: str
    auth: httpx.Auth
    plan_id: str
    profile: str | None = None
    """The profile the connection came from, if any (shown, never used to connect)."""
    timeout: float = 30.0
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False, compare=False)
    """How to reach the endpoint; by default over the network (tests may hand the stand-in's app over directly)."""
    place: str | None = None
    """A name for the server that outlives its address, for drafts (the demo's stand-in moves port each run)."""
    ca_bundle: str | None = None
    """A file of the certificate authorities to trust instead of the usual ones (a corporate CA)."""
    allow_insecure_http: bool = False
    """Whether credentials may go over plain http to a host that is not loopback (the person opted in)."""
    note: str = ""
    """A line the picker and the editor show under their title (the demo says where its drafts go)."""

    def client(self) -> ServiceStageClient:
        """A client for the endpoint (use it as an async context manager)."""
        from tui.client import ServiceStageClient

        return ServiceStageClient(
            self.endpoint,
            self.project_id,
            self.auth,
            timeout=self.timeout,
            transport=self.transport,
            ca_bundle=self.ca_bundle,
            allow_insecure_http=self.allow_insecure_http,
        )

    async def fetch_plan(self) -> Document:
        """The plan :attr:`plan_id` names, fetched from the server, as a document to edit."""
        from tui.document import Document

        async with self.client() as client:
            return Document(await client.get_plan(self.plan_id))

    def describe(self) -> str:
        """One line naming the profile, the endpoint, the project and the plan (when there is one)."""
        profile = f"profile {self.profile} · " if self.profile else ""
        plan = f" · plan {self.plan_id}" if self.plan_id else ""
        return f"{profile}{self.endpoint} · project {self.project_id}{plan}"
