# nbgrader in every participant's pod: the exchange is ngshare (a JupyterHub service), not a
# shared folder. A shared folder does not work across pods, and every pod runs as the same
# uid, so nbgrader could not tell participants apart by file owner; ngshare knows each
# participant from their JupyterHub token.
import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
configureExchange(c, os.environ.get("NGSHARE_URL", "http://proxy-public/services/ngshare"))
c.CourseDirectory.course_id = os.environ.get("BIMTEK_COURSE_ID", "bimtek")
