"""The dashboards' pages, one module per audience: the office's own (`office`), the public's
(`public`) and the briefing notes staff take into a meeting (`briefs`)."""
