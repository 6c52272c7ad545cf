"""The assessment process: stages and sign-off, anonymity, agreement, evidence rules, the CAF dossier, the audit trail."""


def dossier_applies(fw) -> bool:
    """The CAF process dossier follows the CAF process (CAF frameworks only).

    Here, not in process.dossier, so the GUI can enable its menu entry without loading the dossier."""
    return fw.id == "caf"
