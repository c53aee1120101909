"""A stateful fake SharePoint tenant speaking Microsoft Graph v1.0 (the parts freigabe uses).

Build a ``Tenant`` (by hand or with ``load_scenario``), then serve it with ``SimulatorServer``
(loopback HTTP), ``run_in_thread`` (the same from a daemon thread) or ``SimulatorTransport``
(in-process httpx transport). Script changes with the tenant's Python API, inject faults with
``tenant.faults``, read counters from ``tenant.stats``. It answers like SharePoint Online,
habits the documentation leaves out included; ``tenant.quirks`` switches single behaviours
to friendlier ones (see ``Quirks``).
"""

from freigabe_devtools.graphsim.app import SimulatorApp
from freigabe_devtools.graphsim.columns import ColumnDef, FieldError
from freigabe_devtools.graphsim.content import GeneratedContent, StoredContent
from freigabe_devtools.graphsim.directory import DEFAULT_TOKEN
from freigabe_devtools.graphsim.edits import NameConflict
from freigabe_devtools.graphsim.faults import FaultRule
from freigabe_devtools.graphsim.messages import SimRequest, SimResponse
from freigabe_devtools.graphsim.model import DocumentHandle, Item, Library, Principal, Site, Version
from freigabe_devtools.graphsim.quirks import QuirkError, Quirks
from freigabe_devtools.graphsim.scenario import ScenarioError, load_scenario
from freigabe_devtools.graphsim.server import RunningSimulator, SimulatorServer, run_in_thread
from freigabe_devtools.graphsim.stats import Stats
from freigabe_devtools.graphsim.tenant import Tenant
from freigabe_devtools.graphsim.transport import SimulatorTransport

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
