"""Sharing readings with health and care records in HL7 FHIR (R4B, or R5 when asked).

A Star becomes a `Questionnaire` (`questionnaire.py`), readings a `Bundle` of
`QuestionnaireResponse` resources with the people and workers they name (`responses.py`,
`export.py`), and such a Bundle comes back as readings, all or nothing (`bundle.py` reads it,
`importing.py` writes it). Every URL is built from one base (`namespace.py`). `fhir.resources`
is imported only in `structure.py`, and only when a Bundle is read, so no other command pays
for it.
"""
