"""``bimtek hub``: a JupyterHub training room on one server for an event folder.

``prepare_room`` does everything that can be checked without starting anything (accounts,
system users, lessons, exchange, configuration); ``run_hub`` starts JupyterHub and waits.
"""
from .launcher import HubRoom, prepare_room, run_hub, collect_submissions

__all__ = ["HubRoom", "prepare_room", "run_hub", "collect_submissions"]
