"""Ports: the interfaces the stages work through, and the typed records that cross them."""
