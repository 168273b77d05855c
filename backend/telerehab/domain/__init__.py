"""The clinic's rules, beside the models they act on: what the routers call and the jobs run.

Domain code reads and writes through the session it is given and only adds and flushes; the
request (or the job) commits. It raises the errors of ``telerehab.errors`` and knows nothing of
HTTP.
"""
