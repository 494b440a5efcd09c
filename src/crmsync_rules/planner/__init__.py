"""The planner layer: plan entries and results, and the composition of the
rules over a whole snapshot. It imports the rules and the model, never the
codec or the command line."""
