"""``bimtek hub``: a JupyterHub training room on one server for an event folder.

``launcher.prepare_room`` does everything that can be checked without starting anything
(instructor and participant accounts, the shared participant environment, lessons, exchange,
configuration, the privacy check); ``launcher.run_hub`` starts JupyterHub and waits. Modules
here are also imported by the participants' and instructor's Jupyter servers (the exchange
classes), so this package imports nothing on its own.
"""
