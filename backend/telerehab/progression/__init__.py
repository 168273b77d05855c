"""Weekly progression proposals: a rule reads each exercise's finished week and proposes to
progress, hold or regress it (``rules``); proposals are stored per patient, week and routine
item (``proposals``); a doctor's decision changes the next week's plan only (``decisions``)."""
