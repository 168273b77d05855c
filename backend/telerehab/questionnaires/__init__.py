"""Outcome questionnaires (PROMs): the catalogue of instruments as data (``catalogue``) and
their scoring (``scoring``). Nothing here touches the web or the database."""
