"""npmassess desktop GUI (PySide6): thin views over the npmassess core."""
