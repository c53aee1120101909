"""Where in SharePoint a person sets a document's columns: the library's edit form."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["edit_form_url"]


def edit_form_url(library_url: str, list_item_id: str) -> str:
    """The properties form of list item ``list_item_id`` in the library at ``library_url``.

    ``library_url`` is the library's root folder as Graph's list ``webUrl`` gives it
    (``https://contoso.sharepoint.com/sites/x/Shared%20Documents``). Every list and library
    has NewForm.aspx, DispForm.aspx and EditForm.aspx, and a document library keeps them in
    its ``Forms`` folder beside ``AllItems.aspx``; the edit form takes the item as ``ID``
    (pnp/sp-dev-solutions#283: ``{library}/Forms/EditForm.aspx?ID={ListItemID}``, and its
    ``ParentLink`` ``.../Delte dokumenter/Forms/AllItems.aspx``; "Understanding SharePoint:
    List Forms", hristopavlov.wordpress.com, 2009). Graph's own listItem ``webUrl`` is no
    form: for a file it opens or downloads the file (microsoftgraph/microsoft-graph-docs#5381).
    This is no Graph call, so ``freigabe probe`` cannot check it: the README lists it among
    what the admin checks on a real tenant.
    """
    return f"{library_url.rstrip('/')}/Forms/EditForm.aspx?ID={quote(list_item_id, safe='')}"
