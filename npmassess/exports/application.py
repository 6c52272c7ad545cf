"""Award application document (placeholder while being written)."""


def export_application(assessment, framework, path, page_size="A4", lang="en", progress=None):
    raise NotImplementedError
