"""A stateful fake SharePoint tenant speaking Microsoft Graph v1.0 (the parts freigabe uses).

Build a ``Tenant`` (by hand or with ``load_scenario``), then serve it with ``SimulatorServer``
(loopback HTTP), ``run_in_thread`` (the same from a daemon thread) or ``SimulatorTransport``
(in-process httpx transport). Script changes with the tenant's Python API, inject faults with
``tenant.faults``, read counters from ``tenant.stats``. It answers like SharePoint Online,
habits the documentation leaves out included; ``tenant.quirks`` switches single behaviours
to friendlier ones (see ``Quirks``).
"""

from integration.graphsim.app import SimulatorApp
from integration.graphsim.columns import ColumnDef, FieldError
from integration.graphsim.content import GeneratedContent, StoredContent
from integration.graphsim.directory import DEFAULT_TOKEN
from integration.graphsim.edits import NameConflict
from integration.graphsim.faults import FaultRule
from integration.graphsim.messages import SimRequest, SimResponse
from integration.graphsim.model import DocumentHandle, Item, Library, Principal, Site, Version
from integration.graphsim.quirks import QuirkError, Quirks
from integration.graphsim.scenario import ScenarioError, load_scenario
from integration.graphsim.server import RunningSimulator, SimulatorServer, run_in_thread
from integration.graphsim.stats import Stats
from integration.graphsim.tenant import Tenant
from integration.graphsim.transport import SimulatorTransport

__all__ = [
    "DEFAULT_TOKEN",
    "ColumnDef",
    "DocumentHandle",
    "FaultRule",
    "FieldError",
    "GeneratedContent",
    "Item",
    "Library",
    "NameConflict",
    "Principal",
    "QuirkError",
    "Quirks",
    "RunningSimulator",
    "ScenarioError",
    "SimRequest",
    "SimResponse",
    "SimulatorApp",
    "SimulatorServer",
    "SimulatorTransport",
    "Site",
    "Stats",
    "StoredContent",
    "Tenant",
    "Version",
    "load_scenario",
    "run_in_thread",
]
