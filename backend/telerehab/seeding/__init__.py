"""Data for demonstrations and benchmarks: the demo clinic (``demo``) and the large clinic
(``scale``), both written into an empty database."""
