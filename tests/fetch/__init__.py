"""The fetch command against local fakes of both APIs (issue 19)."""
