"""Reports for people: diffs between releases and option histories, in several formats."""
