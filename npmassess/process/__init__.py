"""The assessment process: stages and sign-off, anonymity, agreement, evidence rules, the CAF dossier, the audit trail."""
