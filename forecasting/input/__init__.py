"""Reading and checking a gemeente's tables: files -> validated `Dataset` (reading, numbers, validation, problems)."""
