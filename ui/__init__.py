"""npmassess desktop GUI (PySide6): thin views over the npmassess core."""

from .qtfix import keep_none_alive

keep_none_alive()  # PySide6 6.12 on Python 3.11: see qtfix.py
