"""Editable Word documents (python-docx): capability review and award application."""
