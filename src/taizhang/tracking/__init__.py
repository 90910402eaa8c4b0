"""Time and obligations: report kinds and periods, the git history, deadlines, who owes what."""
